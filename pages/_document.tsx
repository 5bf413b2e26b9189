import Document, { type DocumentContext, type DocumentInitialProps, Head, Html, Main, NextScript } from "next/document";

// The editor is a Pages Router page (pages/index.tsx): its runtime is ~20 KB lighter than the App
// Router's, which keeps first-load JS within budget. The head repeats app/layout.tsx's metadata.
// Rendered per request (pages/index.tsx has getServerSideProps) so its scripts carry the CSP's
// nonce (proxy.ts).
export default class EditorDocument extends Document<{ nonce?: string }> {
  static async getInitialProps(ctx: DocumentContext): Promise<DocumentInitialProps & { nonce?: string }> {
    const initial = await Document.getInitialProps(ctx);
    return { ...initial, nonce: ctx.req?.headers["x-nonce"] as string | undefined };
  }

  render() {
    const { nonce } = this.props;
    return (
      <Html lang="en">
        <Head nonce={nonce}>
          <meta name="description" content="Edit photos on your device, offline if need be. Heavy effects run on the server." />
          <meta name="application-name" content="Image Editor" />
          <meta name="theme-color" content="#1f2937" />
          <meta name="mobile-web-app-capable" content="yes" />
          <meta name="apple-mobile-web-app-title" content="Image Editor" />
          <link rel="manifest" href="/manifest.webmanifest" />
          <link rel="icon" href="/icons/icon-192.png" />
          <link rel="apple-touch-icon" href="/icons/icon-192.png" />
        </Head>
        <body>
          <Main />
          <NextScript nonce={nonce} />
        </body>
      </Html>
    );
  }
}
