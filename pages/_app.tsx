import { GeistSans } from "geist/font/sans";
import type { AppProps } from "next/app";
import Head from "next/head";
import { SessionNav } from "@/web/session/SessionNav";
import { useServiceWorker } from "@/web/sw/register";
import "../app/globals.css";
import "../web/editor/editor.css";

export default function App({ Component, pageProps }: AppProps) {
  useServiceWorker();
  return (
    <div className={GeistSans.className}>
      <Head>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Image Editor</title>
      </Head>
      <header className="site">
        <h1>Image Editor</h1>
        <SessionNav />
      </header>
      <Component {...pageProps} />
    </div>
  );
}
