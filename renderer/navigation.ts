/**
 * The left navigation, as data: one entry per top-level view. Views that later features add
 * (terminal, transactions, schemas, connections) become one more entry in their section.
 */
import type { Component } from 'vue';
import {
  AlbumsOutline,
  DocumentTextOutline,
  FlashOutline,
  GridOutline,
  PeopleOutline,
  ServerOutline,
  SwapHorizontalOutline,
  TerminalOutline,
} from '@vicons/ionicons5';

export interface NavEntry {
  readonly label: string;
  /** The route the entry opens; it is highlighted for that route and the ones below it. */
  readonly route: string;
  /** Route names that count as "inside" this entry. */
  readonly matches: readonly string[];
  readonly icon: Component;
}

export interface NavSection {
  readonly title: string;
  readonly entries: readonly NavEntry[];
}

export const navigation: readonly NavSection[] = [
  {
    title: 'Cluster',
    entries: [
      { label: 'Overview', route: 'overview', matches: ['overview'], icon: GridOutline },
      {
        label: 'Topics',
        route: 'topics',
        matches: [
          'topics',
          'topic-create',
          'topic-messages',
          'topic-produce',
          'topic-partitions',
          'topic-configs',
        ],
        icon: AlbumsOutline,
      },
      { label: 'Consumer groups', route: 'groups', matches: ['groups', 'group'], icon: PeopleOutline },
      {
        label: 'Transactions',
        route: 'transactions',
        matches: ['transactions'],
        icon: SwapHorizontalOutline,
      },
      { label: 'Schemas', route: 'schemas', matches: ['schemas'], icon: DocumentTextOutline },
    ],
  },
  {
    title: 'Tools',
    entries: [
      { label: 'Faults', route: 'faults', matches: ['faults'], icon: FlashOutline },
      { label: 'Terminal', route: 'terminal', matches: ['terminal'], icon: TerminalOutline },
      {
        label: 'Connections',
        route: 'connections',
        matches: ['connections', 'connection-new', 'connection-edit'],
        icon: ServerOutline,
      },
    ],
  },
];
