import { createRouter, createWebHistory } from 'vue-router';

// Each page is its own chunk: the kiosk never downloads the editor.
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'map', component: () => import('./pages/MapPage.vue') },
    { path: '/editor/:rest(.*)*', name: 'editor', component: () => import('./pages/EditorPage.vue') },
    { path: '/kiosk/:rest(.*)*', name: 'kiosk', component: () => import('./pages/KioskPage.vue') },
    { path: '/dispatch/:rest(.*)*', name: 'dispatch', component: () => import('./pages/DispatchPage.vue') },
    { path: '/:unknown(.*)*', redirect: '/' },
  ],
});
