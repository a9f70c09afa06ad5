/**
 * The durable part: SQLite in WAL mode. Every event of a webhook POST is written in one
 * transaction before the answer; a job's key (kind and order id, or refund and refunded total)
 * is unique, so a redelivered event finds its job already there and adds nothing.
 */
import Database from 'better-sqlite3';

export type EventStatus = 'queued' | 'duplicate' | 'ignored' | 'refused';
export type JobStatus = 'queued' | 'done' | 'given_up';

export interface IncomingEvent {
  name: string;
  status: EventStatus;
  reason?: string;
  /** For queued events: the job's unique key and kind. */
  job?: { key: string; kind: string };
  body: string;
}

export interface Job {
  id: number;
  key: string;
  kind: string;
  payload: string;
  attempts: number;
  state: Record<string, string>;
}

export interface Store {
  /** Stores the events of one POST atomically; duplicates are detected against existing jobs. */
  intake(events: IncomingEvent[], now: number): IncomingEvent[];
  nextJob(now: number): Job | undefined;
  /** Wakes the worker: the earliest time a queued job is due, or undefined. */
  nextDue(): number | undefined;
  saveState(id: number, state: Record<string, string>): void;
  /** Marks a job done and writes `kv` in the same commit, so a kill cannot split them. */
  done(id: number, result: string, now: number, kv?: Record<string, string>): void;
  /** Writes several keys in one commit (one disk sync instead of one per key). */
  setKvMany(entries: Record<string, string>): void;
  retry(id: number, error: string, at: number): void;
  giveUp(id: number, reason: string, now: number): void;
  jobStatus(key: string): JobStatus | undefined;
  kv(key: string): string | undefined;
  setKv(key: string, value: string): void;
  /** How many keys start with `prefix`. */
  kvCount(prefix: string): number;
  status(): StatusReport;
  close(): void;
}

export interface StatusReport {
  queued: number;
  retrying: number;
  done: number;
  givenUp: { key: string; reason: string; at: string }[];
  events: { name: string; status: string; count: number; last: string }[];
}

export function openStore(file: string): Store {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before the webhook is answered, even if the machine loses power.
  db.pragma('synchronous = FULL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, name TEXT NOT NULL,
      status TEXT NOT NULL, reason TEXT, job_key TEXT, body TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS jobs (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
      payload TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'queued', attempts INTEGER NOT NULL DEFAULT 0,
      next_at INTEGER NOT NULL, last_error TEXT, state TEXT NOT NULL DEFAULT '{}', result TEXT, updated_at INTEGER NOT NULL);
    CREATE INDEX IF NOT EXISTS jobs_due ON jobs (status, next_at);
    CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `);
  const insertEvent = db.prepare('INSERT INTO events (at, name, status, reason, job_key, body) VALUES (?, ?, ?, ?, ?, ?)');
  const insertJob = db.prepare('INSERT OR IGNORE INTO jobs (key, kind, payload, next_at, updated_at) VALUES (?, ?, ?, ?, ?)');
  const intake = db.transaction((events: IncomingEvent[], now: number) =>
    events.map((e) => {
      let event = e;
      if (e.job && insertJob.run(e.job.key, e.job.kind, e.body, now, now).changes == 0)
        event = { ...e, status: 'duplicate', reason: `already queued as ${e.job.key}` };
      insertEvent.run(now, e.name, event.status, event.reason ?? null, e.job?.key ?? null, e.body);
      return event;
    }),
  );
  const row = (r: Record<string, unknown> | undefined): Job | undefined =>
    r && { id: r.id as number, key: r.key as string, kind: r.kind as string, payload: r.payload as string, attempts: r.attempts as number, state: JSON.parse(r.state as string) };
  const kvGet = db.prepare('SELECT value FROM kv WHERE key = ?');
  const kvSet = db.prepare('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const markDone = db.prepare("UPDATE jobs SET status = 'done', result = ?, last_error = NULL, updated_at = ? WHERE id = ?");
  const setKvMany = db.transaction((entries: Record<string, string>) => { for (const [k, v] of Object.entries(entries)) kvSet.run(k, v); });
  const done = db.transaction((id: number, result: string, now: number, kv: Record<string, string>) => {
    markDone.run(result, now, id);
    setKvMany(kv);
  });
  return {
    intake: (events, now) => intake(events, now),
    nextJob: (now) => row(db.prepare("SELECT * FROM jobs WHERE status = 'queued' AND next_at <= ? ORDER BY next_at, id LIMIT 1").get(now) as Record<string, unknown>),
    nextDue: () => (db.prepare("SELECT min(next_at) t FROM jobs WHERE status = 'queued'").get() as { t: number | null }).t ?? undefined,
    saveState: (id, state) => void db.prepare('UPDATE jobs SET state = ? WHERE id = ?').run(JSON.stringify(state), id),
    done: (id, result, now, kv = {}) => done(id, result, now, kv),
    setKvMany: (entries) => setKvMany(entries),
    kvCount: (prefix) => (db.prepare('SELECT count(*) n FROM kv WHERE substr(key, 1, ?) = ?').get(prefix.length, prefix) as { n: number }).n,
    retry: (id, error, at) => void db.prepare('UPDATE jobs SET attempts = attempts + 1, last_error = ?, next_at = ?, updated_at = ? WHERE id = ?').run(error, at, at, id),
    giveUp: (id, reason, now) => void db.prepare("UPDATE jobs SET status = 'given_up', attempts = attempts + 1, last_error = ?, updated_at = ? WHERE id = ?").run(reason, now, id),
    jobStatus: (key) => (db.prepare('SELECT status FROM jobs WHERE key = ?').get(key) as { status: JobStatus } | undefined)?.status,
    kv: (key) => (kvGet.get(key) as { value: string } | undefined)?.value,
    setKv: (key, value) => void kvSet.run(key, value),
    status() {
      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      const iso = (t: number) => new Date(t).toISOString();
      return {
        queued: count("SELECT count(*) n FROM jobs WHERE status = 'queued'"),
        retrying: count("SELECT count(*) n FROM jobs WHERE status = 'queued' AND attempts > 0"),
        done: count("SELECT count(*) n FROM jobs WHERE status = 'done'"),
        givenUp: (db.prepare("SELECT key, last_error reason, updated_at t FROM jobs WHERE status = 'given_up' ORDER BY updated_at DESC LIMIT 50").all() as { key: string; reason: string; t: number }[]).map((r) => ({ key: r.key, reason: r.reason, at: iso(r.t) })),
        events: (db.prepare('SELECT name, status, count(*) count, max(at) last FROM events GROUP BY name, status ORDER BY name, status').all() as { name: string; status: string; count: number; last: number }[]).map((r) => ({ ...r, last: iso(r.last) })),
      };
    },
    close: () => db.close(),
  };
}
