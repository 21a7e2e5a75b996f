import './fix-address';
import { render } from 'preact';
import { createApiClient } from './api/api-client';
import { App } from './app';
import './styles.css';

const root = document.getElementById('app');
if (root) {
  // Replace the static "Loading…" that index.html shows until this script runs.
  root.textContent = '';
  render(<App api={createApiClient()} />, root);
}
