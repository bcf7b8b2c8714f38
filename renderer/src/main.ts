import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import PanelApp from './PanelApp.svelte';
import { getApi } from './bridge';
import { parsePanelHash } from '../../protocol/panel-route';

const target = document.getElementById('app')!;
// A popped-out window or tab names its panel in the fragment; a bad one says so, not a blank page.
const route = parsePanelHash(location.hash);
if (route === null) mount(App, { target, props: { api: getApi() } });
else if (route.ok) mount(PanelApp, { target, props: { api: getApi(), panel: route.value } });
else target.textContent = `Tickdeck cannot show this panel: ${route.error}`;
