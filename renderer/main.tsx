import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { startEngine } from './engine-client/index';
import { detectPlatform } from './platform/index';
import './app/styles.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App engine={startEngine()} platform={detectPlatform()} />
    </StrictMode>,
  );
}
