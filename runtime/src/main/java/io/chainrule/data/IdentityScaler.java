package io.chainrule.data;

/** {@link Scaler#NONE}. */
final class IdentityScaler implements Scaler {
    @Override
    public Dataset transform(Dataset data) {
        return data;
    }

    @Override
    public void transformRow(float[] row, int offset) {
    }

    @Override
    public void transformRow(double[] row, int offset) {
    }

    @Override
    public String toString() {
        return "Scaler.NONE";
    }
}
