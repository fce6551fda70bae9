declare module 'virtual:emoji-mart-lang-importer' {
  export default function (lang: string): Promise<any>
}
