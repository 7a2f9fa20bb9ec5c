// The route table, in the order paths are tried. handle() dispatches by it; the static export
// writes the files each route lists.
import { apiRoute } from './handlers/api.js';
import { assetsRoute } from './handlers/assets.js';
import { catalogueRoute } from './handlers/catalogue.js';
import { dumpRoute } from './handlers/dumps.js';
import { notFoundRoute, pageRoutes } from './handlers/pages.js';
import { reportsRoute } from './handlers/reports.js';
import { resourceRoutes } from './handlers/resources.js';
import { sparqlRoute } from './handlers/sparql.js';
import { statusRoutes } from './handlers/status.js';
import { storeRoutes } from './handlers/store.js';
import { editRoutes } from './handlers/edit.js';
import { changesRoute } from './handlers/changes.js';
import type { Route } from './route.js';

export const ROUTES: readonly Route[] = [apiRoute, sparqlRoute, ...storeRoutes, ...editRoutes, changesRoute, ...statusRoutes, ...pageRoutes, reportsRoute, assetsRoute, dumpRoute, catalogueRoute, ...resourceRoutes, notFoundRoute];
