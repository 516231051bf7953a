import pytest
import torch

from solver.model import TRM, TRMConfig, rms_norm


def test_paper_configs_and_parameter_count():
    cfg = TRMConfig.paper_sudoku()
    assert (cfg.hidden_size, cfg.T, cfg.n, cfg.N_sup, cfg.num_layers, cfg.mixer) == (512, 3, 6, 16, 2, "mlp")
    # The paper reports ~5M parameters for TRM-MLP on Sudoku.
    assert 4.5e6 < TRM(cfg).num_parameters() < 6.5e6
    assert TRMConfig.paper_maze().mixer == "attention"
    assert TRMConfig.paper_arc(10).puzzle_emb_len == 16


@pytest.mark.parametrize("mixer", ["mlp", "attention"])
def test_forward_shapes_and_detached_carry(mixer):
    cfg = TRMConfig(vocab_size=11, seq_len=81, hidden_size=32, ffn_multiple=32, num_heads=4, mixer=mixer,
                    T=2, n=2, N_sup=4)
    m = TRM(cfg)
    x = torch.randint(1, 11, (3, 81))
    y, z = m.initial_carry(3)
    out = m(x, None, y, z)
    assert out.logits.shape == (3, 81, 11) and out.halt_logit.shape == (3,)
    assert not out.y.requires_grad and not out.z.requires_grad
    out.logits.sum().backward()
    assert m.embed.weight.grad is not None


def test_halting_head_starts_at_minus_five_and_initial_state_is_fixed():
    m = TRM(TRMConfig(vocab_size=11, seq_len=81, hidden_size=16, ffn_multiple=16, mixer="mlp"))
    y, z = m.initial_carry(2)
    assert torch.allclose(m.heads(y)[1], torch.full((2,), -5.0))
    assert "y_init" in dict(m.named_buffers()) and "y_init" not in dict(m.named_parameters())


def test_only_the_last_cycle_has_gradients():
    """T-1 cycles run without gradients: the backward graph holds n+1 net calls, not T*(n+1)."""
    cfg = TRMConfig(vocab_size=11, seq_len=81, hidden_size=16, ffn_multiple=16, mixer="mlp", T=3, n=2)
    m = TRM(cfg)
    calls = []
    m.net.register_forward_hook(lambda mod, inp, out: calls.append(out.requires_grad))
    m(torch.randint(1, 11, (1, 81)), None, *m.initial_carry(1))
    assert calls.count(True) == cfg.n + 1 and calls.count(False) == (cfg.T - 1) * (cfg.n + 1)


def test_puzzle_embedding_prefix():
    cfg = TRMConfig(vocab_size=12, seq_len=900, hidden_size=16, ffn_multiple=16, num_heads=2, mixer="attention",
                    T=1, n=1, puzzle_emb_len=4, num_puzzle_ids=3)
    m = TRM(cfg)
    x = m.embed_input(torch.ones(2, 900, dtype=torch.long), torch.tensor([0, 2]))
    assert x.shape == (2, 904, 16)
    out = m(torch.ones(2, 900, dtype=torch.long), torch.tensor([0, 2]), *m.initial_carry(2))
    assert out.logits.shape == (2, 900, 12)


def test_rms_norm_has_unit_rms():
    x = torch.randn(4, 7) * 5
    assert torch.allclose(rms_norm(x, 1e-6).square().mean(-1), torch.ones(4), atol=1e-4)


def test_bad_configs_are_refused():
    with pytest.raises(ValueError):
        TRMConfig(vocab_size=11, seq_len=81, mixer="lstm")
    with pytest.raises(ValueError, match="square"):
        TRMConfig(vocab_size=6, seq_len=90, mixer="conv")
    with pytest.raises(ValueError, match="odd"):
        TRMConfig(vocab_size=6, seq_len=81, mixer="conv", conv_kernel=4)
    with pytest.raises(ValueError):
        TRMConfig.from_dict({"vocab_size": 11, "seq_len": 81, "bogus": 1})


def test_conv_mixer_weights_run_on_any_square_canvas():
    small = TRM(TRMConfig(vocab_size=6, seq_len=16, hidden_size=8, mixer="conv", T=1, n=1,
                          ffn_multiple=8, conv_kernel=3))
    big = TRM(TRMConfig(vocab_size=6, seq_len=100, hidden_size=8, mixer="conv", T=1, n=1,
                        ffn_multiple=8, conv_kernel=3))
    big.load_state_dict(small.state_dict())  # no weight depends on the canvas size
    tokens = torch.randint(1, 6, (2, 100))
    out = big(tokens, None, *big.initial_carry(2))
    assert out.logits.shape == (2, 100, 6) and out.halt_logit.shape == (2,)
    # Locality: one application of a 3x3 kernel per layer, so with T=n=1 (two net calls of one
    # layer) a change at the top-left corner cannot reach the bottom-right corner.
    changed = tokens.clone()
    changed[:, 0] = 1 + changed[:, 0] % 5
    out2 = big(changed, None, *big.initial_carry(2))
    assert torch.equal(out.logits[:, -1], out2.logits[:, -1])
    assert not torch.equal(out.logits[:, 0], out2.logits[:, 0])
