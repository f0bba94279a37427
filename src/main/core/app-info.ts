/** The workbench's name and version, read once from package.json. */
import { readFileSync } from 'node:fs';
import { findPackageRoot } from './package-root';

interface PackageJson {
  name: string;
  version: string;
}

let cached: PackageJson | undefined;

export function appInfo(): PackageJson {
  cached ??= JSON.parse(readFileSync(`${findPackageRoot()}/package.json`, 'utf8')) as PackageJson;
  return cached;
}
