// js-yaml ships without types (it comes with electron-builder); only `load` is used here.
declare module 'js-yaml' {
  export function load(text: string): unknown;
}
