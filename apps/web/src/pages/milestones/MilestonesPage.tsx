export default function MilestonesPage() {
  return null;
}
