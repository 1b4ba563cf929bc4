import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RateLimits } from '../config.js';
import { ConcurrencySlots } from '../domain/concurrency-slots.js';
import { ApiError } from '../domain/errors.js';
import { TokenBuckets } from '../domain/token-bucket.js';

declare module 'fastify' {
  interface FastifyInstance {
    rateLimiter: RateLimiter;
  }
}

function rateLimited(retryAfterSeconds: number, reply: FastifyReply, message?: string): ApiError {
  reply.header('retry-after', String(retryAfterSeconds));
  return new ApiError('RATE_LIMITED', message, { retry_after: retryAfterSeconds });
}

/**
 * The server's limits on request rates and heavy work, in this process's memory: a database round
 * trip per request would cost more than most requests it guards. With several server processes on
 * one database each enforces its share of every limit (`shareAmong`, told by server-presence.ts),
 * so a key spread over them gets the configured rate in all (README, "Limits").
 */
export class RateLimiter {
  private readonly keys: TokenBuckets | null;
  private readonly authFailures: TokenBuckets | null;
  private readonly heavySlots: ConcurrencySlots | null;
  private readonly signInFailures: TokenBuckets | null;

  constructor(readonly limits: RateLimits) {
    this.keys = limits.keyPerSecond > 0 ? new TokenBuckets({ perSecond: limits.keyPerSecond, burst: Math.max(1, limits.keyBurst) }) : null;
    this.authFailures =
      limits.authFailuresPerMinute > 0
        ? new TokenBuckets({ perSecond: limits.authFailuresPerMinute / 60, burst: limits.authFailuresPerMinute })
        : null;
    this.signInFailures =
      limits.signInFailuresPerHour > 0
        ? new TokenBuckets({ perSecond: limits.signInFailuresPerHour / 3600, burst: limits.signInFailuresPerHour })
        : null;
    this.heavySlots = limits.heavyConcurrency > 0 ? new ConcurrencySlots(limits.heavyConcurrency, limits.heavyWaitMs) : null;
  }

  /** This process's share of each limit when `processes` server processes share the database. */
  shareAmong(processes: number): void {
    const n = Math.max(1, processes);
    const { keyPerSecond, keyBurst, authFailuresPerMinute, heavyConcurrency } = this.limits;
    this.keys?.reshape({ perSecond: keyPerSecond / n, burst: Math.max(1, Math.floor(keyBurst / n)) });
    this.authFailures?.reshape({ perSecond: authFailuresPerMinute / 60 / n, burst: Math.max(1, Math.floor(authFailuresPerMinute / n)) });
    if (this.heavySlots) this.heavySlots.limit = Math.max(1, Math.floor(heavyConcurrency / n));
  }

  /** Before authenticating: an address that failed too often waits, whatever it sends now. */
  checkAuthAllowed(request: FastifyRequest, reply: FastifyReply): void {
    if (this.authFailures?.isEmpty(request.ip)) {
      throw rateLimited(this.authFailures.secondsUntilToken(request.ip), reply, '인증 실패가 너무 많습니다. 잠시 후 다시 시도해 주세요.');
    }
  }

  recordAuthFailure(request: FastifyRequest): void {
    this.authFailures?.take(request.ip);
  }

  /**
   * Before checking a password: an account (by the e-mail given, known or not) that failed too
   * often waits, even with the right password, so guessing it from many addresses gains nothing.
   */
  checkSignInAllowed(email: string, reply: FastifyReply): void {
    if (this.signInFailures?.isEmpty(email)) {
      throw rateLimited(this.signInFailures.secondsUntilToken(email), reply, '로그인 실패가 너무 많습니다. 잠시 후 다시 시도해 주세요.');
    }
  }

  recordSignInFailure(email: string): void {
    this.signInFailures?.take(email);
  }

  /** One request of an authenticated key; answers the `RateLimit-*` headers either way. */
  takeKeyRequest(clientKey: string, reply: FastifyReply): void {
    if (!this.keys) return;
    const result = this.keys.take(clientKey);
    reply
      .header('ratelimit-limit', String(this.keys.rule.burst))
      .header('ratelimit-remaining', String(result.remaining))
      .header('ratelimit-reset', String(result.resetSeconds));
    if (!result.allowed) throw rateLimited(result.resetSeconds, reply);
  }

  /** Holds one of the project's heavy-work slots until the response is done. */
  async holdHeavySlot(projectId: string, reply: FastifyReply): Promise<void> {
    if (!this.heavySlots) return;
    const release = await this.heavySlots.acquire(projectId);
    if (!release) {
      throw rateLimited(
        1,
        reply,
        `이 프로젝트의 무거운 요청(내보내기, 요약, 키워드 검색)이 이미 ${this.limits.heavyConcurrency}개 실행 중입니다. 잠시 후 다시 시도해 주세요.`,
      );
    }
    // 'close' comes for every response: finished, failed or abandoned by the client.
    reply.raw.once('close', release);
  }
}
