export function check(value) {
  debugger;
  return value > 0;
}
