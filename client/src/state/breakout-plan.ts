/** Breakout preview: deals learners round-robin into `roomCount` rooms, in the order given (pure). */
export interface PlannedRoom {
  name: string;
  memberIds: string[];
}

export function planBreakoutRooms(learnerIds: string[], roomCount: number): PlannedRoom[] {
  const count = Math.max(1, Math.min(roomCount, Math.max(1, learnerIds.length)));
  const rooms: PlannedRoom[] = Array.from({ length: count }, (_, i) => ({ name: `${i + 1}`, memberIds: [] }));
  learnerIds.forEach((id, i) => rooms[i % count]!.memberIds.push(id));
  return rooms;
}

/** Moves one member to another room (drag and drop in the manager); unknown ids leave the plan unchanged. */
export function moveMember(rooms: PlannedRoom[], memberId: string, toIndex: number): PlannedRoom[] {
  if (!rooms[toIndex] || !rooms.some((r) => r.memberIds.includes(memberId))) return rooms;
  return rooms.map((room, i) => {
    const without = room.memberIds.filter((id) => id !== memberId);
    return { ...room, memberIds: i === toIndex ? [...without, memberId] : without };
  });
}
