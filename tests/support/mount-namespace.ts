import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { ROOT } from './paths.js';

const exec = promisify(execFile);

/**
 * A private mount namespace (Linux, root or a user namespace): tests mount a read-only folder or a
 * tiny tmpfs (a full disk) in it and run the real CLI or bot inside, leaving the machine alone.
 */
export class MountNamespace {
  private constructor(private readonly holder: ChildProcess) {}

  /** Whether this machine lets the tests make one (CI runs as root; elsewhere it may not). */
  static available(): boolean {
    try {
      execFileSync('unshare', ['-m', '--propagation', 'private', 'true'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  }

  static async start(): Promise<MountNamespace> {
    const holder = spawn('unshare', ['-m', '--propagation', 'private', 'sleep', 'infinity'], { stdio: 'ignore' });
    const ns = new MountNamespace(holder);
    // The namespace exists once the holder runs sleep, no longer unshare.
    for (let i = 0; i < 100; i++) {
      const { stdout } = await exec('readlink', [`/proc/${holder.pid}/exe`]).catch(() => ({ stdout: '' }));
      if (stdout.includes('sleep')) return ns;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('could not start a mount namespace');
  }

  /** What runs a command inside the namespace, in the repository: put it before the command's argv. */
  get prefix(): string[] {
    return ['nsenter', '-t', String(this.holder.pid), '-m', `--wd=${ROOT}`, '--'];
  }

  /** Runs a shell command inside the namespace; throws with its stderr when it fails. */
  async sh(command: string): Promise<string> {
    const [file, ...args] = [...this.prefix, 'sh', '-c', command];
    return (await exec(file, args)).stdout;
  }

  /** Makes a folder read-only, as a read-only volume would be. */
  readOnly(dir: string): Promise<string> {
    return this.sh(`mount --bind '${dir}' '${dir}' && mount -o remount,ro,bind '${dir}'`);
  }

  /** A disk of `kb` kilobytes at dir (empty); resize later to "free space". */
  tmpfs(dir: string, kb: number): Promise<string> {
    return this.sh(`mkdir -p '${dir}' && mount -t tmpfs -o size=${kb}k tmpfs '${dir}'`);
  }

  resize(dir: string, kb: number): Promise<string> {
    return this.sh(`mount -o remount,size=${kb}k '${dir}'`);
  }

  stop(): void {
    this.holder.kill('SIGKILL');
  }
}
