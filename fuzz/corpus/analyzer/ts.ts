interface P<T> { x: T } // comment
const k: string = 'AKIAIOSFODNN7EXAMPLE'; export default (p: P<number>) => p.x as any;
