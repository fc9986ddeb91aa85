// App shell (placeholder until the shell lands).
export function App() {
  return <h1>WebClas Studio</h1>;
}
