import { Editor } from "@/web/editor/Editor";

export default function Home() {
  return <Editor />;
}

// Rendered per request, so its scripts carry the Content Security Policy's nonce (proxy.ts).
export const getServerSideProps = async () => ({ props: {} });
