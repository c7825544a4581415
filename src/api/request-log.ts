import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * One `info` line per answered request (method, URL, status, milliseconds) where Fastify writes two
 * (incoming, completed) with the whole request and reply serialized; the other lines stay Fastify's.
 */
export class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    if (error) return super.requestCompleted(error, request, reply);
    reply.log.info({ method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request');
  }
}
