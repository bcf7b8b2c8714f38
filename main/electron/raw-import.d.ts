// Vite's `?raw` suffix imports a file's text (https://vite.dev/guide/assets#importing-asset-as-string).
declare module '*?raw' {
  const text: string;
  export default text;
}
