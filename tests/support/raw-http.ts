// One raw HTTP request with node:http, for body-limit tests: `stream` sends that many bytes in
// 64 kB chunks (chunked unless a Content-Length header is given) and stops as soon as the
// answer arrives or the server closes the connection. (The same as the hardening test's own
// helper, shared here for the materials' 413 test.)
import http from "node:http";
import type { AppServer } from "./server";

export type RawAnswer = { status: number; headers: http.IncomingHttpHeaders; text: string; bytesSent: number };

export function sendRaw(
  server: AppServer,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; stream?: number; chunk?: Buffer },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let bytesSent = 0;
    let answered = false;
    const request = http.request({
      host: "127.0.0.1",
      port: server.port,
      method: options.method ?? "POST",
      path: options.path,
      headers: options.headers,
      agent: false,
    });
    const timer = setTimeout(() => reject(new Error(`no answer to ${options.path}`)), 30_000);
    request.on("response", (response) => {
      answered = true;
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (part) => (text += part));
      response.on("end", () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode!, headers: response.headers, text, bytesSent });
      });
      response.on("error", reject);
    });
    request.on("error", (error) => {
      if (!answered) {
        clearTimeout(timer);
        reject(error);
      }
    });
    if (options.stream === undefined) {
      request.end(options.body);
      return;
    }
    const chunk = options.chunk ?? Buffer.alloc(64 * 1024, "a");
    const pump = () => {
      while (!answered && !request.destroyed && bytesSent < options.stream!) {
        const ok = request.write(chunk);
        bytesSent += chunk.length;
        if (!ok) {
          request.once("drain", pump);
          return;
        }
      }
      if (!answered && !request.destroyed) request.end();
    };
    pump();
  });
}
