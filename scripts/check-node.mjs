// Fails early with a readable message instead of obscure engine errors from dependencies.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(
    `Node ${process.versions.node} is too old: this project needs Node 20.19+ (production runs Node 22).`,
  );
  process.exit(1);
}
