import { RoomLayout } from './RoomLayout.js';

export function StudentView() {
  return <RoomLayout staff={false} />;
}
