#!/usr/bin/env python3
"""Write a tiny random-weight llama-architecture GGUF v3 model (stdlib only).

The file is deterministic for a given --seed: the real-engine tests (node-llama-cpp, i.e.
llama.cpp) load it, so it must be a valid model with a working SPM tokenizer, but its output
is gibberish. Usage: make_tiny_gguf.py OUT.gguf [--seed N]
"""
import argparse
import os
import random
import struct
import sys
from array import array

N_EMBD, N_HEAD, N_FF, N_LAYER, N_CTX = 64, 4, 128, 2, 4096
ALIGN = 32
SPACE = "\u2581"  # SentencePiece word-boundary marker
# token_type values understood by llama.cpp
NORMAL, UNKNOWN, CONTROL, BYTE = 1, 2, 3, 6
WORDS = ("the and for int def return if else while class void const auto std string "
         "include function value error test code model fast quality token stream").split()


def build_vocab():
    """SPM vocabulary: specials, 256 byte-fallback tokens, printable chars, word pieces."""
    tokens = [("<unk>", UNKNOWN), ("<s>", CONTROL), ("</s>", CONTROL),
              ("<PRE>", CONTROL), ("<SUF>", CONTROL), ("<MID>", CONTROL), ("<EOT>", CONTROL)]
    tokens += [(f"<0x{b:02X}>", BYTE) for b in range(256)]
    pieces = [SPACE] + [chr(c) for c in range(0x21, 0x7F)]
    for word in WORDS:  # every prefix too, so SPM's pairwise merges can reach the word
        full = SPACE + word
        pieces += [full[:i] for i in range(2, len(full) + 1)]
    seen = set()
    for piece in pieces:
        if piece not in seen:
            seen.add(piece)
            tokens.append((piece, NORMAL))
    # Longer pieces score higher so the tokenizer prefers whole words.
    scores = [0.0 if kind != NORMAL else float(len(text)) for text, kind in tokens]
    return tokens, scores


class GgufWriter:
    """Serialises GGUF v3: header, key/value metadata, tensor infos, aligned tensor data."""
    U32, I32, F32, BOOL, STRING, ARRAY = 4, 5, 6, 7, 8, 9

    def __init__(self):
        self.kv = bytearray()
        self.kv_count = 0
        self.tensors = []  # (name, shape ne0-first, float array)

    @staticmethod
    def _str(text):
        raw = text.encode("utf-8")
        return struct.pack("<Q", len(raw)) + raw

    def add(self, key, vtype, value):
        self.kv += self._str(key) + struct.pack("<I", vtype)
        self.kv += self._scalar(vtype, value)
        self.kv_count += 1

    def add_array(self, key, etype, values):
        self.kv += self._str(key) + struct.pack("<IIQ", self.ARRAY, etype, len(values))
        for value in values:
            self.kv += self._scalar(etype, value)
        self.kv_count += 1

    def _scalar(self, vtype, value):
        if vtype == self.STRING:
            return self._str(value)
        return struct.pack({self.U32: "<I", self.I32: "<i", self.F32: "<f", self.BOOL: "<?"}[vtype], value)

    def add_tensor(self, name, shape, values):
        self.tensors.append((name, shape, values))

    def write(self, path):
        out = bytearray(b"GGUF" + struct.pack("<IQQ", 3, len(self.tensors), self.kv_count))
        out += self.kv
        offset = 0
        for name, shape, values in self.tensors:
            out += self._str(name) + struct.pack("<I", len(shape))
            out += b"".join(struct.pack("<Q", dim) for dim in shape)
            out += struct.pack("<IQ", 0, offset)  # type 0 = F32
            offset += -(-len(values) * 4 // ALIGN) * ALIGN
        out += bytes(-len(out) % ALIGN)
        for _, _, values in self.tensors:
            if sys.byteorder != "little":
                values.byteswap()
            out += values.tobytes() + bytes(-len(values) * 4 % ALIGN)
        tmp = f"{path}.tmp{os.getpid()}"
        with open(tmp, "wb") as handle:
            handle.write(out)
        os.replace(tmp, path)  # atomic: concurrent test runs never see a half-written model


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1234)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    tokens, scores = build_vocab()
    n_vocab = len(tokens)

    def rand(count, std):
        return array("f", (rng.gauss(0.0, std) for _ in range(count)))

    w = GgufWriter()
    w.add("general.architecture", w.STRING, "llama")
    w.add("general.name", w.STRING, "codecrucible-tiny-random")
    w.add("general.file_type", w.U32, 0)
    w.add("general.alignment", w.U32, ALIGN)
    for key, value in (("context_length", N_CTX), ("embedding_length", N_EMBD), ("block_count", N_LAYER),
                       ("feed_forward_length", N_FF), ("attention.head_count", N_HEAD),
                       ("attention.head_count_kv", N_HEAD), ("rope.dimension_count", N_EMBD // N_HEAD),
                       ("vocab_size", n_vocab)):
        w.add(f"llama.{key}", w.U32, value)
    w.add("llama.attention.layer_norm_rms_epsilon", w.F32, 1e-5)
    w.add("tokenizer.ggml.model", w.STRING, "llama")
    w.add_array("tokenizer.ggml.tokens", w.STRING, [text for text, _ in tokens])
    w.add_array("tokenizer.ggml.scores", w.F32, scores)
    w.add_array("tokenizer.ggml.token_type", w.I32, [kind for _, kind in tokens])
    for key, value in (("unknown", 0), ("bos", 1), ("eos", 2), ("fim_pre", 3), ("fim_suf", 4),
                       ("fim_mid", 5), ("eot", 6)):
        w.add(f"tokenizer.ggml.{key}_token_id", w.U32, value)
    w.add("tokenizer.ggml.add_bos_token", w.BOOL, True)
    w.add("tokenizer.ggml.add_eos_token", w.BOOL, False)
    w.add("tokenizer.chat_template", w.STRING,
          "{% for m in messages %}### {{ m['role'] }}:\n{{ m['content'] }}\n{% endfor %}"
          "{% if add_generation_prompt %}### assistant:\n{% endif %}")

    w.add_tensor("token_embd.weight", [N_EMBD, n_vocab], rand(N_EMBD * n_vocab, 1.0))
    for layer in range(N_LAYER):
        prefix = f"blk.{layer}."
        w.add_tensor(prefix + "attn_norm.weight", [N_EMBD], array("f", [1.0] * N_EMBD))
        for name in ("attn_q", "attn_k", "attn_v", "attn_output"):
            w.add_tensor(prefix + name + ".weight", [N_EMBD, N_EMBD], rand(N_EMBD * N_EMBD, 0.2))
        w.add_tensor(prefix + "ffn_norm.weight", [N_EMBD], array("f", [1.0] * N_EMBD))
        w.add_tensor(prefix + "ffn_gate.weight", [N_EMBD, N_FF], rand(N_EMBD * N_FF, 0.2))
        w.add_tensor(prefix + "ffn_up.weight", [N_EMBD, N_FF], rand(N_EMBD * N_FF, 0.2))
        w.add_tensor(prefix + "ffn_down.weight", [N_FF, N_EMBD], rand(N_FF * N_EMBD, 0.2))
    w.add_tensor("output_norm.weight", [N_EMBD], array("f", [1.0] * N_EMBD))
    # Only word pieces get output weight: control and byte tokens keep logit 0 and so are
    # (almost) never sampled, which keeps the gibberish printable ASCII.
    output = rand(N_EMBD * n_vocab, 1.0)
    for token_id, (_, kind) in enumerate(tokens):
        if kind != NORMAL:
            output[token_id * N_EMBD:(token_id + 1) * N_EMBD] = array("f", [0.0] * N_EMBD)
    w.add_tensor("output.weight", [N_EMBD, n_vocab], output)
    w.write(args.out)


if __name__ == "__main__":
    main()
