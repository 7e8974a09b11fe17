/**
 * Topic ids for the APIs that name topics by id in newer versions (KIP-516, KIP-848): Fetch and
 * Produce from v13, OffsetCommit and OffsetFetch from v10 send and answer a topic id instead of
 * a name. Callers of ClusterAccess write names only; before sending, the access fills each
 * topic's id from its metadata (the codec writes whichever the negotiated version needs), and
 * after receiving, fills the names back in from the ids. Other APIs pass through unchanged.
 */
import { ZERO_UUID } from '../../engine/protocol/uuid.js';
import type { ApiName, ApiRequest, ApiResponse } from '../cluster-access.js';

export interface TopicIdLookup {
  idOf(name: string): string | undefined;
  nameOf(topicId: string): string | undefined;
}

type Named<K extends string> = { readonly topicId: string } & { readonly [P in K]: string };

function withIds<K extends string, T extends Named<K>>(
  list: readonly T[],
  key: K,
  lookup: TopicIdLookup,
): T[] {
  return list.map((t) =>
    t.topicId === ZERO_UUID && t[key] ? { ...t, topicId: lookup.idOf(t[key]) ?? ZERO_UUID } : t,
  );
}

function withNames<K extends string, T extends Named<K>>(
  list: readonly T[],
  key: K,
  lookup: TopicIdLookup,
): T[] {
  return list.map((t) =>
    t[key] === '' && t.topicId !== ZERO_UUID ? { ...t, [key]: lookup.nameOf(t.topicId) ?? '' } : t,
  );
}

/** The topics a request names, by name. */
export function requestTopicNames<N extends ApiName>(api: N, request: ApiRequest<N>): string[] {
  switch (api) {
    case 'Fetch':
      return (request as ApiRequest<'Fetch'>).topics.map((t) => t.topic);
    case 'Produce':
      return (request as ApiRequest<'Produce'>).topicData.map((t) => t.name);
    case 'OffsetCommit':
      return (request as ApiRequest<'OffsetCommit'>).topics.map((t) => t.name);
    case 'OffsetFetch':
      return (request as ApiRequest<'OffsetFetch'>).groups.flatMap((g) =>
        (g.topics ?? []).map((t) => t.name),
      );
    default:
      return [];
  }
}

/** The topic ids a response names whose topic names it left out. */
export function responseTopicIds<N extends ApiName>(api: N, response: ApiResponse<N>): string[] {
  const unnamed = (list: readonly { topicId: string }[], key: (t: never) => string): string[] =>
    list.filter((t) => key(t as never) === '' && t.topicId !== ZERO_UUID).map((t) => t.topicId);
  switch (api) {
    case 'Fetch':
      return unnamed((response as ApiResponse<'Fetch'>).responses, (t: { topic: string }) => t.topic);
    case 'Produce':
      return unnamed((response as ApiResponse<'Produce'>).responses, (t: { name: string }) => t.name);
    case 'OffsetCommit':
      return unnamed((response as ApiResponse<'OffsetCommit'>).topics, (t: { name: string }) => t.name);
    case 'OffsetFetch':
      return (response as ApiResponse<'OffsetFetch'>).groups.flatMap((g) =>
        unnamed(g.topics, (t: { name: string }) => t.name),
      );
    default:
      return [];
  }
}

/** The request with topic ids filled from `lookup` where they were the zero UUID. */
export function withTopicIds<N extends ApiName>(
  api: N,
  request: ApiRequest<N>,
  lookup: TopicIdLookup,
): ApiRequest<N> {
  switch (api) {
    case 'Fetch': {
      const r = request as ApiRequest<'Fetch'>;
      return {
        ...r,
        topics: withIds(r.topics, 'topic', lookup),
        forgottenTopicsData: withIds(r.forgottenTopicsData, 'topic', lookup),
      } as ApiRequest<N>;
    }
    case 'Produce': {
      const r = request as ApiRequest<'Produce'>;
      return { ...r, topicData: withIds(r.topicData, 'name', lookup) } as ApiRequest<N>;
    }
    case 'OffsetCommit': {
      const r = request as ApiRequest<'OffsetCommit'>;
      return { ...r, topics: withIds(r.topics, 'name', lookup) } as ApiRequest<N>;
    }
    case 'OffsetFetch': {
      const r = request as ApiRequest<'OffsetFetch'>;
      const groups = r.groups.map((g) =>
        g.topics ? { ...g, topics: withIds(g.topics, 'name', lookup) } : g,
      );
      return { ...r, groups } as ApiRequest<N>;
    }
    default:
      return request;
  }
}

/** The response with topic names filled from their ids where the version sent ids only. */
export function withTopicNames<N extends ApiName>(
  api: N,
  response: ApiResponse<N>,
  lookup: TopicIdLookup,
): ApiResponse<N> {
  switch (api) {
    case 'Fetch': {
      const r = response as ApiResponse<'Fetch'>;
      return { ...r, responses: withNames(r.responses, 'topic', lookup) } as ApiResponse<N>;
    }
    case 'Produce': {
      const r = response as ApiResponse<'Produce'>;
      return { ...r, responses: withNames(r.responses, 'name', lookup) } as ApiResponse<N>;
    }
    case 'OffsetCommit': {
      const r = response as ApiResponse<'OffsetCommit'>;
      return { ...r, topics: withNames(r.topics, 'name', lookup) } as ApiResponse<N>;
    }
    case 'OffsetFetch': {
      const r = response as ApiResponse<'OffsetFetch'>;
      const groups = r.groups.map((g) => ({ ...g, topics: withNames(g.topics, 'name', lookup) }));
      return { ...r, groups } as ApiResponse<N>;
    }
    default:
      return response;
  }
}
