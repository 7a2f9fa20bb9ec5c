// sdg-lod as a library: open a project (load → validate → store), read its report, create the
// request core over it, and serve that core with node:http or mount it in an express 5 app.
export { loadConfig, type Config, type ConfigInput } from './config.js';
export { AppError, NotFound, RdfSyntaxError, UsageError } from './errors.js';
export { openProject, type OpenOptions, type Project } from './pipeline.js';
export { isValid, toJson as reportToJson, toText as reportToText } from './validate/report.js';
export { createApp, type App, type AppOptions, type AppRequest, type AppResponse } from './http/app.js';
export { openApp, type Opened } from './http/open.js';
export { createHandler, type HandlerOptions } from './http/express.js';
export { listen, type SdgServer, type ServerLimits } from './http/server.js';
export { toNodeListener, jsonLogger, type ListenerOptions, type Logger } from './http/listener.js';
