import type { DemoGroup, TenantData } from './seed/model';

// Group membership as the directory computes it: direct (memberOf) and through nesting (transitiveMemberOf).

export function directGroupsOf(data: TenantData, memberId: string): DemoGroup[] {
  return data.groups.filter((group) => group.memberIds.includes(memberId));
}

export function transitiveGroupsOf(data: TenantData, memberId: string): DemoGroup[] {
  const seen = new Map<string, DemoGroup>();
  const queue = [memberId];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const group of directGroupsOf(data, id)) {
      if (seen.has(group.entity.id)) continue;
      seen.set(group.entity.id, group);
      queue.push(group.entity.id);
    }
  }
  return [...seen.values()];
}
