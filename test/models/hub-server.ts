/**
 * A stand-in for the Hugging Face hub in tests: an HTTP server on 127.0.0.1 (a free port) that serves
 * local folders in the hub's URL layout — `/<repo>/resolve/<revision>/<file>` for models,
 * `/datasets/<repo>/resolve/<revision>/<file>` for datasets — redirecting weights to a second path
 * as the hub sends them to its CDN, and answering unknown repositories with 401 and unknown files with
 * 404 as the hub does. A file can be set to be cut half-way (the connection closed after half its
 * bytes, with the full length announced). Every request is recorded.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';

export interface ServedRepo {
  /** The folder whose files the repository holds. */
  dir: string;
  /** The revision it answers to (default main). */
  revision?: string;
  /** Files whose download is cut half-way. */
  cut?: Set<string>;
}

export interface HubRequest {
  method: string;
  path: string;
  authorization: string | undefined;
}

export interface HubServer {
  /** The base URL to put in HF_ENDPOINT. */
  endpoint: string;
  requests: HubRequest[];
  /** The downloads of one file asked for (GET requests of its resolve URL, in any repository). */
  gets(file: string): number;
  close(): Promise<void>;
}

const COMMIT = '0123456789abcdef0123456789abcdef01234567';

export async function startHubServer(models: Record<string, ServedRepo>, datasets: Record<string, ServedRepo> = {}): Promise<HubServer> {
  const requests: HubRequest[] = [];

  function send(req: IncomingMessage, res: ServerResponse, file: string, cut: boolean): void {
    const size = statSync(file).size;
    res.writeHead(200, { 'content-length': String(size), 'content-type': 'application/octet-stream', 'x-repo-commit': COMMIT });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const bytes = readFileSync(file);
    if (!cut) {
      res.end(bytes);
      return;
    }
    res.write(bytes.subarray(0, Math.floor(size / 2)), () => setTimeout(() => res.socket?.destroy(), 20));
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname);
    requests.push({ method: req.method ?? 'GET', path, authorization: req.headers.authorization });
    const cdn = /^\/cdn\/(models|datasets)\/(.+)\/-\/([^/]+)\/(.+)$/.exec(path);
    if (cdn !== null) {
      const repo = (cdn[1] === 'models' ? models : datasets)[cdn[2]!];
      const file = repo === undefined ? undefined : join(repo.dir, cdn[4]!);
      if (repo === undefined || file === undefined || !existsSync(file)) return void res.writeHead(404).end();
      return send(req, res, file, repo.cut?.has(cdn[4]!) ?? false);
    }
    const match = /^\/(datasets\/)?(.+?)\/resolve\/([^/]+)\/(.+)$/.exec(path);
    if (match === null) return void res.writeHead(404).end('not a resolve URL');
    const [, dataset, id, revision, name] = match as unknown as [string, string | undefined, string, string, string];
    const repo = (dataset === undefined ? models : datasets)[id];
    if (repo === undefined) return void res.writeHead(401, { 'x-error-code': 'RepoNotFound' }).end('Repository not found');
    if (revision !== (repo.revision ?? 'main')) return void res.writeHead(404, { 'x-error-code': 'RevisionNotFound' }).end('Revision not found');
    const file = join(repo.dir, name);
    if (!existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404, { 'x-error-code': 'EntryNotFound' }).end('Entry not found');
    // Large files go through the hub's CDN: a redirect, as the real hub answers for LFS files.
    if (/\.(safetensors|parquet|bin)$/.test(name)) {
      return void res.writeHead(302, { location: `/cdn/${dataset === undefined ? 'models' : 'datasets'}/${id}/-/${revision}/${name}`, 'x-repo-commit': COMMIT }).end();
    }
    send(req, res, file, repo.cut?.has(name) ?? false);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    gets: (file) => requests.filter((r) => r.method === 'GET' && r.path.includes('/resolve/') && r.path.endsWith(`/${file}`)).length,
    close: () => new Promise((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}
