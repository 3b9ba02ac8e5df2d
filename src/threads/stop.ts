import type { Worker } from 'node:worker_threads';

/**
 * Ending a thread (Worker.terminate) while ONNX Runtime loads or runs a model on it aborts the
 * whole process ("terminate called after throwing an instance of 'Napi::Error'", exit 134): a bot
 * told to stop during a re-index died instead of exiting 0. So a thread is first asked to stop: it
 * lets the model call it is in finish, refuses the next, and says so; only then is it ended.
 */
export type StopMessage = { type: 'stop' };
export type StoppedMessage = { type: 'stopped' };

/** How long a thread may take to finish the model call it is in before it is ended anyway. */
export const STOP_GRACE_MS = 5000;

/** The thread's side: every model call goes through run, and stop waits for the one running. */
export class NativeWork {
  private running = 0;
  private stopped?: Promise<void>;
  private idle?: () => void;

  /** Runs the call, unless the thread is stopping: then it is refused with an error. */
  async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.stopped) throw new Error('the thread is stopping');
    this.running++;
    try {
      return await call();
    } finally {
      if (--this.running === 0) this.idle?.();
    }
  }

  /** Refuses calls from now on; resolves once none is running (every caller, however often asked). */
  stop(): Promise<void> {
    return (this.stopped ??= this.running === 0 ? Promise.resolve() : new Promise((resolve) => (this.idle = resolve)));
  }
}

/**
 * The owner's side: asks the thread to stop, waits until it has (or has exited, or `graceMs` has
 * passed), then ends it. Resolves with false when the thread did not stop in time.
 */
export async function stopThread(worker: Worker, graceMs = STOP_GRACE_MS): Promise<boolean> {
  const stopped = await new Promise<boolean>((resolve) => {
    const done = (inTime: boolean) => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('exit', onExit);
      resolve(inTime);
    };
    const onMessage = (message: { type?: string } | undefined) => message?.type === 'stopped' && done(true);
    const onExit = () => done(true);
    const timer = setTimeout(() => done(false), graceMs);
    worker.on('message', onMessage);
    worker.on('exit', onExit);
    worker.postMessage({ type: 'stop' } satisfies StopMessage);
  });
  await worker.terminate();
  return stopped;
}
