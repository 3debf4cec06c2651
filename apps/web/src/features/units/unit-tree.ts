import type { UnitView } from '@duban/contracts';

export interface UnitTreeNode {
  key: string;
  title: string;
  unit: UnitView;
  children: UnitTreeNode[];
}

/** Builds the directory tree by parentId; orphans (parent outside the list) become roots. */
export function buildUnitTree(units: UnitView[]): UnitTreeNode[] {
  const nodes = new Map(
    units.map((unit) => [unit.id, { key: unit.id, title: unit.name, unit, children: [] as UnitTreeNode[] }]),
  );
  const roots: UnitTreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parentId ? nodes.get(node.unit.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: UnitTreeNode[]) => {
    list.sort((a, b) => a.title.localeCompare(b.title, 'zh-CN'));
    list.forEach((node) => sort(node.children));
  };
  sort(roots);
  return roots;
}
