package org.ranksweep.worker.checkpoint;

import org.ranksweep.core.model.VitShape;

/**
 * timm's {@code VisionTransformer.forward} written out in plain Java (double precision) straight from a state dict:
 * patchify convolution, class token, positions, pre-LN blocks with the fused qkv read the way timm reshapes it
 * ({@code (3, heads, headWidth)} along the output axis), exact GELU, final LN, head on the class token. It shares no
 * code with the DJL model, so it is an independent check of the import. Stateless.
 */
final class TimmReference {

    private static final double EPSILON = 1e-6;

    private TimmReference() {}

    /** Logits [batch][classes] of images [batch][channels·size·size] (row-major c, y, x). */
    static double[][] logits(TimmStateDict dict, VitShape shape, float[][] images) {
        double[][] result = new double[images.length][];
        for (int image = 0; image < images.length; image++) {
            double[][] x = embed(dict, shape, images[image]);
            for (int block = 0; block < shape.depth(); block++) {
                x = block(dict, shape, "blocks." + block + ".", x);
            }
            double[] cls = layerNorm(x, dict.values("norm.weight"), dict.values("norm.bias"))[0];
            result[image] = linear(new double[][] {cls}, dict.values("head.weight"), dict.values("head.bias"))[0];
        }
        return result;
    }

    private static double[][] embed(TimmStateDict dict, VitShape shape, float[] image) {
        int d = shape.width();
        int p = shape.patch();
        int side = shape.imageSize() / p;
        int size = shape.imageSize();
        float[] w = dict.values("patch_embed.proj.weight");
        float[] b = dict.values("patch_embed.proj.bias");
        float[] cls = dict.values("cls_token");
        float[] pos = dict.values("pos_embed");
        double[][] tokens = new double[shape.tokens()][d];
        for (int c = 0; c < d; c++) {
            tokens[0][c] = cls[c] + pos[c];
        }
        for (int py = 0; py < side; py++) {
            for (int px = 0; px < side; px++) {
                int token = 1 + py * side + px;
                for (int c = 0; c < d; c++) {
                    double sum = b[c];
                    for (int ch = 0; ch < shape.channels(); ch++) {
                        for (int ky = 0; ky < p; ky++) {
                            for (int kx = 0; kx < p; kx++) {
                                sum += w[((c * shape.channels() + ch) * p + ky) * p + kx]
                                        * image[(ch * size + py * p + ky) * size + px * p + kx];
                            }
                        }
                    }
                    tokens[token][c] = sum + pos[token * d + c];
                }
            }
        }
        return tokens;
    }

    private static double[][] block(TimmStateDict dict, VitShape shape, String prefix, double[][] x) {
        double[][] normed = layerNorm(x, dict.values(prefix + "norm1.weight"), dict.values(prefix + "norm1.bias"));
        double[][] qkv = linear(normed, dict.values(prefix + "attn.qkv.weight"), dict.values(prefix + "attn.qkv.bias"));
        double[][] attended = attention(qkv, shape);
        double[][] projected =
                linear(attended, dict.values(prefix + "attn.proj.weight"), dict.values(prefix + "attn.proj.bias"));
        double[][] mixed = add(x, projected);
        double[][] hidden = linear(
                layerNorm(mixed, dict.values(prefix + "norm2.weight"), dict.values(prefix + "norm2.bias")),
                dict.values(prefix + "mlp.fc1.weight"),
                dict.values(prefix + "mlp.fc1.bias"));
        for (double[] row : hidden) {
            for (int i = 0; i < row.length; i++) {
                row[i] = 0.5 * row[i] * (1 + erf(row[i] / Math.sqrt(2)));
            }
        }
        return add(mixed, linear(hidden, dict.values(prefix + "mlp.fc2.weight"), dict.values(prefix + "mlp.fc2.bias")));
    }

    /** qkv[token] holds (3, heads, headWidth) flattened: q of head h at [h·dh, (h+1)·dh), k after d, v after 2d. */
    private static double[][] attention(double[][] qkv, VitShape shape) {
        int n = qkv.length;
        int d = shape.width();
        int dh = shape.headWidth();
        double[][] out = new double[n][d];
        for (int head = 0; head < shape.heads(); head++) {
            for (int query = 0; query < n; query++) {
                double[] logits = new double[n];
                double max = Double.NEGATIVE_INFINITY;
                for (int key = 0; key < n; key++) {
                    double dot = 0;
                    for (int c = 0; c < dh; c++) {
                        dot += qkv[query][head * dh + c] * qkv[key][d + head * dh + c];
                    }
                    logits[key] = dot / Math.sqrt(dh);
                    max = Math.max(max, logits[key]);
                }
                double sum = 0;
                for (int key = 0; key < n; key++) {
                    logits[key] = Math.exp(logits[key] - max);
                    sum += logits[key];
                }
                for (int key = 0; key < n; key++) {
                    for (int c = 0; c < dh; c++) {
                        out[query][head * dh + c] += logits[key] / sum * qkv[key][2 * d + head * dh + c];
                    }
                }
            }
        }
        return out;
    }

    /** y = x·Wᵀ + b with W stored (out, in) as PyTorch does. */
    private static double[][] linear(double[][] x, float[] weight, float[] bias) {
        int out = bias.length;
        int in = weight.length / out;
        double[][] y = new double[x.length][out];
        for (int row = 0; row < x.length; row++) {
            for (int o = 0; o < out; o++) {
                double sum = bias[o];
                for (int i = 0; i < in; i++) {
                    sum += x[row][i] * weight[o * in + i];
                }
                y[row][o] = sum;
            }
        }
        return y;
    }

    private static double[][] layerNorm(double[][] x, float[] gamma, float[] beta) {
        double[][] y = new double[x.length][];
        for (int row = 0; row < x.length; row++) {
            double mean = 0;
            for (double v : x[row]) {
                mean += v;
            }
            mean /= x[row].length;
            double variance = 0;
            for (double v : x[row]) {
                variance += (v - mean) * (v - mean);
            }
            variance /= x[row].length;
            y[row] = new double[x[row].length];
            for (int i = 0; i < x[row].length; i++) {
                y[row][i] = (x[row][i] - mean) / Math.sqrt(variance + EPSILON) * gamma[i] + beta[i];
            }
        }
        return y;
    }

    private static double[][] add(double[][] a, double[][] b) {
        double[][] sum = new double[a.length][a[0].length];
        for (int row = 0; row < a.length; row++) {
            for (int i = 0; i < a[row].length; i++) {
                sum[row][i] = a[row][i] + b[row][i];
            }
        }
        return sum;
    }

    /** erf by Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7, far inside the test's tolerance). */
    static double erf(double z) {
        double t = 1 / (1 + 0.3275911 * Math.abs(z));
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        double value = 1 - poly * Math.exp(-z * z);
        return z >= 0 ? value : -value;
    }
}
