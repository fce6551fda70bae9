declare module 'pkg-types' {
  interface TSConfig {
    // TODO: augment in nuxt
    vueCompilerOptions: any
  }
}

export {}
