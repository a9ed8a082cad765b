package io.chainrule.onnx;

/**
 * The ONNX messages the exporter writes (onnx/onnx.proto, proto2), with their field numbers:
 * ModelProto, OperatorSetIdProto, StringStringEntryProto, GraphProto, NodeProto, AttributeProto,
 * TensorProto, ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto and its Dimension.
 */
final class OnnxProto {
    /** TensorProto.DataType FLOAT. */
    static final int FLOAT = 1;
    /** TensorProto.DataType DOUBLE. */
    static final int DOUBLE = 11;

    // AttributeProto.AttributeType
    private static final int ATTRIBUTE_FLOAT = 1;
    private static final int ATTRIBUTE_INT = 2;

    private OnnxProto() {
    }

    /** ModelProto: ir_version 1, opset_import 8, producer_name 2, producer_version 3, doc_string 6, graph 7, metadata_props 14. */
    static Protobuf model(long irVersion, long opset, String producer, String producerVersion, String doc,
            Protobuf graph, java.util.Map<String, String> metadata) {
        Protobuf m = new Protobuf().int64(1, irVersion);
        m.string(2, producer).string(3, producerVersion);
        m.string(6, doc);
        m.message(7, graph);
        // OperatorSetIdProto: domain 1 (empty: the default ai.onnx domain), version 2
        m.message(8, new Protobuf().string(1, "").int64(2, opset));
        for (java.util.Map.Entry<String, String> e : metadata.entrySet()) {
            // StringStringEntryProto: key 1, value 2
            m.message(14, new Protobuf().string(1, e.getKey()).string(2, e.getValue()));
        }
        return m;
    }

    /** GraphProto: node 1, name 2, initializer 5, doc_string 10, input 11, output 12. */
    static Protobuf graph(String name, java.util.List<Protobuf> nodes, java.util.List<Protobuf> initializers,
            Protobuf input, Protobuf output) {
        Protobuf g = new Protobuf();
        for (Protobuf node : nodes) {
            g.message(1, node);
        }
        g.string(2, name);
        for (Protobuf t : initializers) {
            g.message(5, t);
        }
        g.message(11, input);
        g.message(12, output);
        return g;
    }

    /** NodeProto: input 1, output 2, name 3, op_type 4, attribute 5. */
    static Protobuf node(String opType, String name, String[] inputs, String output, Protobuf... attributes) {
        Protobuf n = new Protobuf();
        for (String in : inputs) {
            n.string(1, in);
        }
        n.string(2, output).string(3, name).string(4, opType);
        for (Protobuf a : attributes) {
            n.message(5, a);
        }
        return n;
    }

    /** AttributeProto of type INT: name 1, i 3, type 20. */
    static Protobuf intAttribute(String name, long value) {
        return new Protobuf().string(1, name).int64(3, value).int64(20, ATTRIBUTE_INT);
    }

    /** AttributeProto of type FLOAT: name 1, f 2, type 20. */
    static Protobuf floatAttribute(String name, float value) {
        return new Protobuf().string(1, name).float32(2, value).int64(20, ATTRIBUTE_FLOAT);
    }

    /** TensorProto: dims 1, data_type 2, name 8, raw_data 9 (little-endian values). */
    static Protobuf tensor(String name, long[] dims, int dataType, byte[] raw) {
        Protobuf t = new Protobuf();
        for (long d : dims) {
            t.int64(1, d);
        }
        return t.int64(2, dataType).string(8, name).bytes(9, raw);
    }

    /**
     * ValueInfoProto (name 1, type 2) of a tensor: TypeProto (tensor_type 1) holding
     * TypeProto.Tensor (elem_type 1, shape 2), whose TensorShapeProto (dim 1) has a named batch
     * dimension (Dimension.dim_param 2) and then fixed ones (Dimension.dim_value 1).
     */
    static Protobuf value(String name, int elementType, String batch, long... dims) {
        Protobuf shape = new Protobuf();
        shape.message(1, new Protobuf().string(2, batch));
        for (long d : dims) {
            shape.message(1, new Protobuf().int64(1, d));
        }
        Protobuf tensorType = new Protobuf().int64(1, elementType).message(2, shape);
        return new Protobuf().string(1, name).message(2, new Protobuf().message(1, tensorType));
    }
}
