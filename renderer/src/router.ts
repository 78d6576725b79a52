import { createRouter, createWebHashHistory } from 'vue-router'

// Hash history: the same URLs work from Electron's file:// page and from the serve host.
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', name: 'runs', component: () => import('./views/RunsView.vue') },
    {
      path: '/runs/:id',
      name: 'run',
      component: () => import('./views/RunView.vue'),
      props: (route) => ({ runId: Number(route.params.id) }),
    },
    { path: '/compare', name: 'compare', component: () => import('./views/CompareView.vue') },
    { path: '/sweep', name: 'sweep', component: () => import('./views/SweepView.vue') },
    { path: '/sketchpad', name: 'sketchpad', component: () => import('./views/SketchpadView.vue') },
  ],
})
