// createApp(project): the request core, without listen(); the server and tests both use it.
import express, { type NextFunction, type Request, type Response } from 'express';
import N3 from 'n3';
import { AppError, NotFound } from '../errors.js';
import type { Project } from '../pipeline.js';
import { writeTurtle } from '../represent/turtle.js';
import { describe } from '../store/describe.js';
import { prefixesFor } from '../vocab.js';

export function createApp(project: Project) {
  const { base } = project.config;
  const prefixes = prefixesFor(base);
  const app = express();
  app.disable('x-powered-by');

  app.get(/^\/id\/(.+)$/, (req, res) => {
    res.redirect(303, `/doc/${req.params[0]}`);
  });

  app.get(/^\/doc\/(.+)$/, (req, res) => {
    const iri = `${base}id/${req.params[0]}`;
    const quads = describe(project.store, N3.DataFactory.namedNode(iri)).map((q) =>
      N3.DataFactory.quad(q.subject, q.predicate, q.object),
    );
    if (!quads.length) throw new NotFound(`No resource <${iri}> in this dataset.`);
    res.type('text/turtle; charset=utf-8').send(writeTurtle(quads, { prefixes }));
  });

  app.get('/', (_req, res) => {
    res.type('text/plain; charset=utf-8').send(
      `sdg-lod: ${project.store.size} triples published under ${base}\n` +
        `Each resource: ${base}id/{kind}/{slug}, described at ${base}doc/{kind}/{slug} as Turtle.\n`,
    );
  });

  app.use((_req: Request, _res: Response, next: NextFunction) => next(new NotFound('Not found.')));
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = error instanceof AppError ? error.status : 500;
    const message = error instanceof AppError ? error.message : 'Internal server error.';
    res.status(status).type('text/plain; charset=utf-8').send(message + '\n');
  });
  return app;
}
