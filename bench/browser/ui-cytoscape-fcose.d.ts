// The graph bench page type-checks the renderer's GraphCanvas under the root tsconfig, which does not include
// renderer/views/graph/cytoscape-fcose.d.ts: the same declaration (cytoscape-fcose ships no types).
declare module 'cytoscape-fcose' {
  import type { Ext } from 'cytoscape';
  const fcose: Ext;
  export default fcose;
}
