import { Editor } from "@/web/editor/Editor";

export default function Home() {
  return <Editor />;
}
