export default function DeadlinesPage() {
  return null;
}
