/**
 * The console's entry: installs the Api (Electron bridge or web host), the stores and the router,
 * then mounts the app. Without an Api (no token, opened from a file) it shows why instead.
 */
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { connectApi } from './api/connect.js';
import { installApi } from './api/current.js';
import { createConsoleRouter } from './router.js';
import './styles.css';

const connected = connectApi(window);
if (connected.api) installApi(connected.api, connected.files);

const app = createApp(App, { problem: connected.api ? null : connected.problem });
app.use(createPinia());
app.use(createConsoleRouter());
app.mount('#app');
