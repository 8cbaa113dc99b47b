// WebSub publish pings: after a run that changed feeds, tell the hub which topic URLs changed,
// so it fetches them and pushes to subscribers at once. The W3C Recommendation leaves the
// publisher→hub step open; every public hub takes the de facto form used here:
// POST application/x-www-form-urlencoded `hub.mode=publish&hub.url=<topic>`, one per topic.
// A ping is a courtesy: a hub that is down or slow is reported, never fatal — readers still
// poll the files, which are already on disk.

export interface PingOptions {
  /** Per attempt, ms. */
  timeoutMs?: number;
  /** Extra attempts after a failure that may pass (network error, timeout, 5xx, 429). */
  retries?: number;
  /** Wait before a retry, ms. */
  retryDelayMs?: number;
  /** Topics pinged at once. */
  concurrency?: number;
}

export interface PingResult {
  topic: string;
  ok: boolean;
  attempts: number;
  /** The hub's last HTTP status, when it answered. */
  status?: number;
  /** Why it failed: the HTTP status line or the network error. */
  error?: string;
}

const DEFAULTS: Required<PingOptions> = { timeoutMs: 5000, retries: 1, retryDelayMs: 500, concurrency: 4 };

/** Bytes of a hub's answer read before the rest is cancelled. */
export const HUB_BODY_CAP = 64 * 1024;

async function drain(res: Response, cap: number): Promise<void> {
  if (!res.body) return;
  const reader = res.body.getReader();
  let seen = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    seen += value.byteLength;
    if (seen > cap) {
      await reader.cancel();
      return;
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function attempt(hub: string, topic: string, timeoutMs: number): Promise<{ status?: number; error?: string }> {
  try {
    const res = await fetch(hub, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'wirefeed (WebSub publisher)' },
      body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': topic }).toString(),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'follow',
    });
    // The body is of no interest; up to HUB_BODY_CAP of it is read (so a well-behaved hub's
    // connection is reused) and the rest cancelled: a hub that sends an endless body cannot
    // hold the run or its memory.
    await drain(res, HUB_BODY_CAP).catch(() => undefined);
    return res.ok ? { status: res.status } : { status: res.status, error: `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}` };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError') return { error: `no answer within ${timeoutMs} ms` };
    return { error: e.cause?.code ?? e.cause?.message ?? e.message };
  }
}

/** 4xx but 408/429 means the hub refused this request: asking again would not help. */
const worthRetrying = (status?: number) => status === undefined || status >= 500 || status === 408 || status === 429;

export async function pingTopic(hub: string, topic: string, options: PingOptions = {}): Promise<PingResult> {
  const o = { ...DEFAULTS, ...options };
  let last: { status?: number; error?: string } = {};
  for (let n = 1; n <= 1 + o.retries; n++) {
    last = await attempt(hub, topic, o.timeoutMs);
    if (!last.error) return { topic, ok: true, attempts: n, status: last.status };
    if (!worthRetrying(last.status) || n > o.retries) return { topic, ok: false, attempts: n, ...last };
    await sleep(o.retryDelayMs);
  }
  return { topic, ok: false, attempts: 1 + o.retries, ...last };
}

/**
 * Ping the hub once per changed topic; never throws. Results are in the order of `topics`.
 * A hub that cannot be reached at all (no HTTP answer after the retry) is not tried for the
 * remaining topics: a run with many feeds must not sit out every timeout twice over.
 */
export async function pingHub(hub: string, topics: readonly string[], options: PingOptions = {}): Promise<PingResult[]> {
  const o = { ...DEFAULTS, ...options };
  const results: PingResult[] = new Array(topics.length);
  let unreachable: string | undefined;
  let next = 0;
  const worker = async () => {
    while (next < topics.length) {
      const i = next++;
      if (unreachable) {
        results[i] = { topic: topics[i]!, ok: false, attempts: 0, error: `not tried: the hub was unreachable (${unreachable})` };
        continue;
      }
      const r = await pingTopic(hub, topics[i]!, o);
      if (!r.ok && r.status === undefined) unreachable ??= r.error;
      results[i] = r;
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency, topics.length) }, worker));
  return results;
}

/** One line for stderr about the pings that failed, or nothing when all went through. */
export function describeFailedPings(hub: string, results: readonly PingResult[]): string | undefined {
  const failed = results.filter((r) => !r.ok);
  if (failed.length === 0) return undefined;
  const tried = failed.filter((r) => r.attempts > 0);
  const reasons = [...new Set(tried.map((r) => `${r.error}, ${r.attempts} attempt${r.attempts === 1 ? '' : 's'}`))].join('; ');
  const shown = failed.slice(0, 3).map((r) => r.topic);
  const more = failed.length > shown.length ? ` and ${failed.length - shown.length} more` : '';
  return (
    `WebSub hub ${hub} was not told about ${failed.length} of ${results.length} changed feed${results.length === 1 ? '' : 's'} (${reasons}): ` +
    `${shown.join(', ')}${more}; the feeds are published and subscribers will see them on their next poll`
  );
}
