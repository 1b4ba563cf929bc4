import type { ActorType, ChangeChannel } from '../contract/constants.js';

export type { ActorType, ChangeChannel };

/** Who made a change and through what, as the order's history records it. */
export interface HistoryActor {
  /** The client_key or `operator:<id>`: what entries before migration 0013 held, kept for existing readers. */
  actor: string | null;
  actor_type: ActorType | null;
  actor_id: string | null;
  actor_name: string | null;
  channel: ChangeChannel | null;
}

export const IMPORT_ACTOR: HistoryActor = { actor: null, actor_type: 'system', actor_id: null, actor_name: null, channel: 'import' };

/** Demo orders' made-up histories: written by the system, through no channel a person used. */
export const DEMO_ACTOR: HistoryActor = { actor: null, actor_type: 'system', actor_id: null, actor_name: null, channel: null };
