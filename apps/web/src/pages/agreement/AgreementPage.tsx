export default function AgreementPage() {
  return null;
}
