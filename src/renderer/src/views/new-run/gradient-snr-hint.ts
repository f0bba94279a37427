/**
 * The New run form's word on the gradient SNR diagnostic: what it costs, as measured (README,
 * "Gradient SNR during training"). `vae-workbench train --preset mnist-vae --dataset embedded
 * --epochs 1` took 13.9 s for its 65 steps, and 22.8 s with the SNR every 10 steps (7 measurements
 * of R = 8): ≈ 1.3 s each, about 16 of its ~80 ms steps (cpu-blas, 2 busy cores). The lab's
 * estimator runs tfjs' own gradients, not the training step's fused kernels, so an estimate costs
 * about two steps.
 */
export const GRADIENT_SNR_HINT = '0 = off. Each time R = 8 extra gradient estimates on that step’s batch: ≈ 16 training steps’ time (mnist-vae, measured), so every 100 steps adds ≈ 16%';
