/**
 * Every view has its own URL, so a reload or a shared link lands on the same place: the topic,
 * its tab, and in the inspector the partition, the start position and the selected record (in
 * the query string). Hash history, because the same bundle is loaded from file:// in Electron.
 */
import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: { name: 'overview' } },
  {
    path: '/overview',
    name: 'overview',
    component: () => import('./views/OverviewView.vue'),
    meta: { title: 'Overview' },
  },
  {
    path: '/topics',
    name: 'topics',
    component: () => import('./views/TopicsView.vue'),
    meta: { title: 'Topics' },
  },
  {
    path: '/topics/new',
    name: 'topic-create',
    component: () => import('./views/TopicCreateView.vue'),
    meta: { title: 'Create topic' },
  },
  {
    path: '/topics/:topic',
    component: () => import('./views/TopicView.vue'),
    props: true,
    children: [
      { path: '', name: 'topic', redirect: (to) => ({ name: 'topic-messages', params: to.params }) },
      {
        path: 'messages',
        name: 'topic-messages',
        props: true,
        component: () => import('./views/TopicMessagesView.vue'),
        meta: { title: 'Messages' },
      },
      {
        path: 'produce',
        name: 'topic-produce',
        props: true,
        component: () => import('./views/TopicProduceView.vue'),
        meta: { title: 'Produce' },
      },
      {
        path: 'partitions',
        name: 'topic-partitions',
        props: true,
        component: () => import('./views/TopicPartitionsView.vue'),
        meta: { title: 'Partitions' },
      },
      {
        path: 'configs',
        name: 'topic-configs',
        props: true,
        component: () => import('./views/TopicConfigsView.vue'),
        meta: { title: 'Configs' },
      },
    ],
  },
  {
    path: '/groups',
    name: 'groups',
    component: () => import('./views/GroupsView.vue'),
    meta: { title: 'Consumer groups' },
  },
  {
    path: '/groups/:group',
    name: 'group',
    component: () => import('./views/GroupView.vue'),
    props: true,
    meta: { title: 'Consumer group' },
  },
  {
    path: '/transactions',
    name: 'transactions',
    component: () => import('./views/TransactionsView.vue'),
    meta: { title: 'Transactions' },
  },
  {
    path: '/schemas',
    name: 'schemas',
    component: () => import('./views/SchemasView.vue'),
    meta: { title: 'Schemas' },
  },
  {
    path: '/faults',
    name: 'faults',
    component: () => import('./views/FaultsView.vue'),
    meta: { title: 'Faults' },
  },
  {
    path: '/terminal',
    name: 'terminal',
    component: () => import('./views/TerminalView.vue'),
    meta: { title: 'Terminal' },
  },
  {
    path: '/connections',
    name: 'connections',
    component: () => import('./views/ConnectionsView.vue'),
    meta: { title: 'Connections' },
  },
  {
    path: '/connections/new',
    name: 'connection-new',
    component: () => import('./views/ConnectionEditView.vue'),
    meta: { title: 'Add a connection' },
  },
  {
    path: '/connections/:id/edit',
    name: 'connection-edit',
    component: () => import('./views/ConnectionEditView.vue'),
    props: true,
    meta: { title: 'Edit connection' },
  },
  {
    path: '/:missing(.*)*',
    name: 'not-found',
    component: () => import('./views/NotFoundView.vue'),
    meta: { title: 'Not found' },
  },
];

export function createConsoleRouter() {
  const router = createRouter({ history: createWebHashHistory(), routes });
  router.afterEach((to) => {
    const parts = [to.params['topic'], to.params['group'], to.meta['title']].filter(
      (p) => typeof p === 'string',
    );
    document.title = [...parts, 'Brokerlab'].join(' · ');
  });
  return router;
}
