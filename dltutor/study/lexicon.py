"""The course's paraphrase lexicon: which words and phrases say the same thing, and which say the opposite.

One concept a line: `name: phrase, phrase, ... | opposite, opposite, ...`. A phrase on the left
says the concept; one on the right says its opposite (`more: increase, larger | decrease,
smaller`), so "the receptive field shrinks with depth" contradicts "grows with depth". A name
ending in `~` is a predicate (a verb or an adjective that makes a statement), which is how a
sentence is told from a list of terms. `BROADER` gives a concept the more general ones it
implies (ReLU is an activation function), so a key point that names the general one is made by
the specific one, never the other way round.

Phrases are read by `dltutor.study.text.read` and stemmed, as answers are; articles (a, an,
the) are ignored inside phrases. A phrase may stand under several concepts; a word that also
ends a clause or negates (and, not, without, ...) cannot start a phrase, except where it is
written here as part of one ("no longer", "almost no").
"""

from __future__ import annotations

CONCEPTS = r"""
# --- amounts, directions and opposites used across the course
more~: more, increase, increases, increased, increasing, grow, grows, growing, grew, larger, large, bigger, big, greater, higher, raise, raises, rise, rises, expand, expands, widen, widens, wider, explode, explodes, exploding, boost, amplify, maximise, maximize, maximum of the loss, many, lots of, a lot of, loads of, tons of, plenty of, extra, go up, goes up, blow up, blows up, huge, enlarge, enlarges, accumulate more | less, fewer, slightly, a little, low, decrease, decreases, decreased, decreasing, reduce, reduces, reduced, reducing, reduction, shrink, shrinks, shrinking, shrank, smaller, small, lower, lowers, lowering, diminish, diminishes, diminishing, decay, decays, decaying, cut, cuts, cut down, cuts down, minimise, minimize, minimises, minimizes, minimising, minimizing, vanish, vanishes, vanishing, vanished, tiny, little, few, go down, goes down, down, lessen, fall, falls, way less, near zero, close to zero, approach zero, approaches zero, approaching zero, towards zero, toward zero, almost zero, go to zero, goes to zero, negligible, minimal, bring down, brings down, slash, slashes
exact~: exact, exactly, precise, precisely, perfectly | approximate, approximately, approximates, approximation, roughly, approx, nearly, almost
away~: away from the origin, off the origin, away from, away, far from, apart from, off from, not through | toward the origin, towards the origin, closer to the origin, toward, towards, closer to, through the origin, pass through the origin, passes through the origin, goes through the origin, through zero, through 0
origin: toward the origin, towards the origin, closer to the origin, away from the origin, off the origin, origin, the origin, zero point, 0 0, through the origin, pass through the origin, passes through the origin, goes through the origin
same~: same, identical, equal, equally, uniform, uniformly, unchanged, constant, all the same | different, differently, differ, differs, varying, vary, unequal, distinct, various weights
better~: better, improve, improves, improved, improving, good, well, best, superior, easier | worse, worsen, worsens, poorer, hurt, hurts, degrade, degrades, harder, inferior
hard~: hard, difficult, tough, struggle, struggles, impossible, untrainable, cannot be trained, problematic, challenging | easy, easier, easily, simple to train, trivial
speed~: fast, faster, quick, quicker, quickly, rapid, rapidly, speed up, speeds up, sped up, accelerate, accelerates, speedy | slow, slower, slowly, sluggish, slows, slows down, slow down, barely, hardly, scarcely, almost no, almost nothing, very little, next to nothing, crawl
efficient~: efficient, efficiently, efficiency, cheap, cheaper, cheaply, inexpensive, economical, affordable, less computation, computationally efficient | expensive, costly, inefficient, wasteful, more computation, computationally expensive, heavy
noise~: noise, noisy, noisier, jittery, erratic, variance, high variance, fluctuating, jumpy, unstable | smooth, smooths, smoother, smoothing, smoothed, smoothly, stable, stabilise, stabilize, stabilises, stabilizes, stabilised, stabilized, damp, dampen, dampens, dampened, damps, steady, steadier, low variance
accurate~: accurate, accurately, accuracy, reliable, decent approximation, good approximation, reasonable approximation, decent estimate, good estimate, better estimate, reasonable estimate, precise estimate | inaccurate, unreliable, biased estimate, poor estimate, crude
sensitive~: sensitive, sensitivity, depend on, depends on, dependent on, care about, cares about, matter, matters, affected by, react to | insensitive, invariant, invariance, robust to, tolerant, tolerance, unaffected, immune, indifferent, robustness to
random: random, randomly, at random, stochastic, stochastically, arbitrary, arbitrarily, chance, with probability, probability p, randomness, randomised, randomized
one: single, one, individual, particular, specific, any one, a few, few specific, a handful, certain
breadth~: general, general purpose, general-purpose, various, variety, many different, lots of different, wide range, broad, broadly, flexible, flexibly, all sorts, all kinds, every kind, any kind, any task, any problem, all tasks, diverse, versatile, multiple tasks, many tasks, many kinds, different tasks, range of tasks, across tasks, multitask, multi-task | narrow, narrowly, specific, specialised, specialized, task specific, task-specific, single task, one task, one job, one narrow job, particular task, particular problems, dedicated, limited to one, only one task, one thing, a single specific task, specific task, specific tasks, single specific task
always~: always, guarantee, guarantees, guaranteed, certainly, surely, every time, ensures, ensure, definitely
forever: forever, indefinitely, endlessly, infinitely, without end, never ending, never-ending, eternally, for ever, for good, round in circles, in circles, go round, goes round
only: only, solely, just, alone, merely, exclusively, purely
alone: alone, by itself, on its own, itself, inherently, built in, built-in, builtin, innate, natively, in itself, intrinsically, by default, natively
already: already, anyway, anyhow, regardless, still
need~: need, needs, needed, require, requires, required, necessary, essential, must have, has to, have to, crucial
give~: give, gives, giving, gave, provide, provides, provided, supply, supplies, supplied, inject, injects, injected, add, adds, added, adding, encode, encodes, encoded, tell, tells, carry, carries, carrying, convey, conveys, signal, mark, marks, include, includes, attach, attaches, feed, feeds | remove, removes, removed, removing, strip, strips, erase, erases, destroy, destroys, hide, hides
know~: tell, tells, know, knows, knew, known, see, sees, saw, seen, tell apart, distinguish, distinguishes, notice, aware, awareness, information, info, idea, sense, perceive, perceives, understand, understands, look at, looks at, looking at, view, views, observe, observes, detect order, recognise, recognize, clue, notion, access to
architecture: architecture, architectures, network architectures, design, designs, network designs, kinds of networks, types of networks, kinds of neural networks, types of neural networks, how networks are built, how networks are structured, how they are structured, put together, structure of networks, cnns rnns and transformers, cnns, rnns, transformers
framework: pytorch, torch, framework, frameworks, deep learning framework, tensorflow, keras, library, libraries
implement~: implement, implements, implemented, implementing, implementation, code, coding, code them, program, programming, build them, hands-on, hands on, practical, practice, in practice, practise
weak_ai: weak ai, narrow ai, weak artificial intelligence, narrow artificial intelligence, weak, ani
general_ai: general ai, agi, artificial general intelligence, general artificial intelligence, general
strong_ai: strong ai, strong artificial intelligence, strong
human: human, humans, human-like, humanlike, human level, human-level, like a human, like humans, like us, like ours, like a person, like people, people, person, mind, minds, conscious, consciousness, sentient, self-aware, human brain, human being, human beings, genuine understanding, thinks like, think like
multitask_learning: multi-task learning, multitask learning, multi task learning, trained on several tasks, training one network on a few tasks, one network on a few tasks, a few tasks at once
single_layer: single-layer perceptron, single layer perceptron, single perceptron, one perceptron, single layer, single-layer, one layer, one-layer
early_layers: early layers, earlier layers, earliest layers, first layers, first layer, first few layers, lower layers, initial layers, bottom layers, layers near the input, layers close to the input, front layers, beginning of the network, start of the network, low layers, lowest layers | later layers, last layers, top layers, higher layers, deeper layers, layers near the output, output layers, final layers
permanent: permanently, permanent, for good, pruning, prune, prunes, pruned
filter_count: number of filters, how many filters, filter count, count of filters
balance~: balance, balances, balancing, compromise, trade-off, tradeoff, trade off, trades off, middle ground, best of both, in between, between batch and stochastic, sweet spot
# --- the neuron and the perceptron
weight: weight, weights, weighted, parameter, parameters, param, params, coefficient, coefficients, synaptic weight, connection weight, w, theta
bias: bias, biases, bias term, offset, intercept, b, plus b, + b, constant term
input: input, inputs, x, input vector, input vectors, features, feature vector, image, images, picture, pixels, pixel
output: output, outputs, result, prediction, predictions, y, response
sum: sum, sums, summed, summing, add up, adds up, added up, adding up, total, summation, plus, σ, sigma, accumulate, accumulates, accumulated, accumulating, accumulation, aggregate, add together, added together, adds together
product~: multiply, multiplies, multiplied, multiplying, multiplication, times, product, products, ×, *, ·, scale, scaled, scales, scaling
weighted_sum: weighted sum, weighted sums, dot product, dot products, inner product, linear combination, weighted combination, sum of weighted inputs, weighted inputs, w·x, w x, wx, weighted average, weighted mix, weighted combination
activation: activation function, activation functions, activation, nonlinearity, non-linearity, nonlinearities, non-linearities, squashing function, transfer function, φ, phi, g(z), nonlinear function, non-linear function, nonlinear activation, non-linear activation
threshold: threshold, thresholds, thresholding, step function, heaviside, hard threshold, cutoff, cut-off, step activation
binary~: binary, 0 or 1, 1 or 0, zero or one, one or zero, 0/1, 1/0, either 0 or 1, 0 and 1, fires, fire, firing, on or off, yes or no | continuous, real-valued, graded, smooth output, any value between
positive~: positive, above zero, greater than zero, bigger than zero, larger than zero, over zero, > 0, more than zero, exceeds zero, above the threshold, over the threshold, exceeds the threshold, reaches the threshold | negative, below zero, less than zero, under zero, < 0, below the threshold, under the threshold
boundary: boundary, boundaries, boundry, decision boundary, decision boundaries, decision line, decision surface, decision plane, separating line, separating hyperplane, separating plane, hyperplane, hyperplanes, line, lines, straight line, plane, separator, linear boundary, linear separator, border, dividing line
line: line, lines, straight line, straight lines, hyperplane, hyperplanes, plane, linear boundary, linear separator, linear decision boundary, single line, one line, one straight line, separating line, separating hyperplane, decision line
shift~: shift, shifts, shifted, shifting, move, moves, moved, moving, translate, translates, translated, translation, translations, displace, displaces, displaced, slide, slides, slid, push, pushes, nudge, nudges, offset, offsets, offsetting, relocate, reposition, repositions, sideways, parallel to itself
rotate~: rotate, rotates, rotation, tilt, tilts, orientation, slope, angle, direction of the boundary
curve~: curved, curve, curvy, bent, wiggly
linear~: linear, linearly, straight | nonlinear, non-linear, nonlinearly, non-linearly, curved
separable~: separable, separate, separates, separated, separating, separation, split, splits, splitting, divide, divides, divided, dividing, partition, partitions, partitioned, seperate, isolate, cut apart, put on different sides | inseparable, nonseparable, non-separable, unseparable
xor: xor, exclusive or, ⊕
boolean: boolean, boolean function, boolean functions, logic function, logic functions, logical function, logical functions, logic gate, logic gates, truth table, truth tables, logical, logic
mlp: multilayer perceptron, multi-layer perceptron, multilayer perceptrons, multi-layer perceptrons, mlp, mlps, multilayer network, multi-layer network, multilayer networks, multilayer, multi-layer, multiple layers, several layers, more than one layer, layers of perceptrons, layers of threshold units, layers of btus, network of perceptrons, networks of perceptrons, two layers, 2 layers
hidden_layer: hidden layer, hidden layers, hidden unit, hidden units, intermediate layer, middle layer, inner layer
any: any, every, all, each, whole, entire, arbitrary, each and every, whatever
perceptron: perceptron, perceptrons, single-layer perceptron, single layer perceptron, btu, btus, threshold unit, threshold units, threshold neuron
neuron: neuron, neurons, unit, units, node, nodes, cell, cells, activations, hidden units, perceptron
simultaneous: simultaneous, simultaneously, at same time, at same moment, same moment, same time, at once, together, concurrently, co-activation, coactivation, coactive, correlated, correlation, correlate, both active, both fire, both firing, in sync, synchronised, synchronized, jointly, fire together, fires together, firing together | one after the other, at different times, alternately
strengthen~: strengthen, strengthens, strengthened, strengthening, stronger, reinforce, reinforces, reinforced, potentiate, potentiates, wire together, wired together, enhance, enhances, enhanced, get stronger, gets stronger | weaken, weakens, weakened, weaker, depress, depresses, weakening
connection: connection, connections, link, links, synapse, synapses, synaptic, synaptic connection, connection weight, wiring, wire, wired, wire together, bond, coupling, edge
active~: active, activate, activates, activated, activating, switched on, turned on, enable, enables, enabled, used, use, uses, using, applied, apply, applies, present, fire, fires, fired, firing, kept active, keeps active | inactive, off, switched off, switch off, switches off, turned off, turn off, turns off, shut off, disable, disables, disabled, disabling, deactivate, deactivates, deactivated, deactivating, drop, drops, dropped, dropping, drop out, drops out, dropped out, remove, removes, removed, removing, zero out, zeroes, zeroed, zeroed out, set to zero, sets to zero, set them to zero, silence, silences, silenced, mask, masks, masked, masking, omit, omits, omitted, exclude, excludes, excluded, knock out, knocks out, knocked out, delete, deletes, deleted, thinned, thinned network, kill, kills, killed, missing
# --- learning and gradients
learn~: learn, learns, learned, learnt, learning, train, trains, trained, training the network, fit, fits, fitting, optimise, optimize, optimises, optimizes, optimising, optimizing, optimisation, optimization
update~: update, updates, updated, updating, change, changes, changed, changing, adjust, adjusts, adjusted, adjusting, adjustment, adjustments, modify, modifies, modified, tweak, tweaks, tweaked, alter, alters, altered, tune, tunes, tuned, correct, corrects, corrected, fix the mistake, ←, nudge, nudges, step, steps
traintime: during training, while training, in training, at training time, training time, when training, training phase, training only, only during training, at train time, training step, training steps, each training step, training iteration, in train mode, train mode, training, trainning | at test time, test time, during testing, at inference, inference, inference time, at inference time, during evaluation, evaluation, when predicting, prediction time, at prediction time, deployment, testing, test, at test, at evaluation time, when testing, test phase
gradient: gradient, gradients, gradiant, gradiants, derivative, derivatives, partial derivative, partial derivatives, partials, slope, slopes, grad, grads, error signal, error signals, delta, deltas, δ, ∂, dl/dw, de/dw, ∂e/∂w, ∂l/∂w, ∂loss/∂w, nabla, ∇, rate of change, sensitivity of the loss
loss: loss, losses, error, errors, cost, costs, objective, loss function, cost function, error function, mse, squared error, mistakes, misclassification, misclassifications
descent~: negative gradient, opposite the gradient, opposite to the gradient, opposite of the gradient, opposite direction of the gradient, opposite direction to the gradient, opposite direction, against the gradient, against the slope, downhill, down the slope, down the gradient, steepest descent, direction of steepest descent, negative direction, minus the gradient, subtract the gradient, subtracting the gradient, subtracts the gradient, minus learning rate times gradient, subtracting learning rate times gradient, subtracting the learning rate times the gradient, descend, descends, descending, go down the hill, roll down, reverse of the gradient | direction of the gradient, along the gradient, with the gradient, uphill, up the slope, up the gradient, gradient ascent, ascend, ascends, climb, climbs, climbing, climbing uphill, add the gradient, adding the gradient
iterative~: iterative, iteratively, iteration, iterations, repeatedly, repeated, repeat, repeats, step by step, one step at a time, many steps, over and over, again and again, each iteration, every iteration, each step, every step, until, loop over, successive, successively, incrementally, gradually, small steps, little steps, bit by bit, many small steps, a small step
minimum: minimum, minima, lowest point, lowest, bottom of the valley, optimum
local_minimum: local minimum, local minima, local minimas, local min, local mins, shallow minima, shallow minimum, shallow local minima, small local minima, small minima, minima, dips, dip, little dips, small dips, bumps, small bumps, valleys, valley, plateau, plateaus, saddle point, saddle points, flat regions, shallow, local optimum, local optima
global_minimum: global minimum, global minima, best solution, global optimum, best possible weights
escape~: past, escape, escapes, escaping, overcome, overcomes, overcoming, get past, gets past, roll past, rolls past, rolling past, push through, pushes through, pushing through, get out of, gets out of, getting out of, roll through, rolls through, coast through, coasts through, carry through, carry on through, carries it through, jump over, jumps over, get over, gets over, move past, moves past, pass over, passes over, climb out of, out of | stuck, get stuck, gets stuck, getting stuck, trapped, gets trapped, stop in, stops in, settle in, settles in, stay in, stays in, caught in
velocity: velocity, velocities, inertia, heavy ball, rolling ball, ball rolling, ball rolls, build up speed, builds up speed, built-up speed, built up speed, building up speed, keeps moving, keep moving, keep going, keeps going, coast, coasts, keep rolling, same direction, speed, running direction, moving average direction, v
past~: past, previous, previously, earlier steps, old, older, prior, history, preceding, last steps, recent gradients, earlier gradients, before, accumulated, running average, moving average, exponentially weighted average, exponential average, running sum, remembers, remember | current, current gradient, only the current gradient, this step, present gradient, latest gradient alone
oscillate~: oscillate, oscillates, oscillated, oscillating, oscillation, oscillations, oscillatory, oscilate, oscillaton, cycle, cycles, cycling, cyclic, bounce, bounces, bouncing, bounce around, round in circles, in circles, back and forth, jump around, jumps around, jumping around, jumps back and forth, zigzag, zigzags, zig-zag, zig zag, flip-flop, flip flop, flips, fluctuate, fluctuates, wobble, wobbles, swing, swings, loop, loops, looping, go round, goes round
converge~: converge, converges, converged, converging, convergence, stabilise, stabilize, stabilises, stabilizes, settle, settles, settled, settle down, settles down, stabilise on, stabilize on, terminate, terminates, halt, halts, finish, finishes, finds a solution, find a solution, reach a solution, reaches a solution, come to rest, comes to rest, reach zero error | diverge, diverges, diverged, diverging, divergence, blow up, blows up
solution: solution, solutions, answer
classify~: classify, classifies, classified, classifying, classification, classifications, label, labels, labelled, labeled, categorise, separate the classes, put on the right side, on the right side, gets right, get right, right side
correct~: correct, correctly, right, properly, accurately, without error, without errors, without mistakes, no mistakes, no errors, zero errors, zero mistakes, error free, error-free, no misclassifications, perfect, perfectly | incorrect, incorrectly, wrong, wrongly, misclassify, misclassifies, misclassified, misclassifying
data: data, dataset, data set, training data, training set, training examples, training example, examples, example, patterns, pattern, samples, sample, data points, data point, points, instances, observations, training patterns, training points, training samples
learning_rate: learning rate, learning-rate, λ, lambda, η, eta, step size, alpha, lr
target: target, targets, t, desired output, desired, expected output, true label, label, correct output, ground truth
error_term: t - y, t-y, (t - y), (t-y), t − y, target minus output, target - output, difference between target and output, difference between the target and the output, difference between desired and actual output, desired minus actual, error term, error, errors, mistake
# --- networks, layers, depth
network: network, networks, net, nets, model, models, neural network, neural networks, neural net, system, architecture
layer: layer, layers, level, levels, stage, stages
deep~: deep, deeper, depth, deep network, deep networks, deep net, deep nets, further up, further in, further into, further along, as you go deeper, go deeper, going deeper, with depth, deeper in the network, deeper units, deeper neurons | shallow, shallower, shallow networks, shallow network
layers_many: many layers, lots of layers, a lot of layers, several layers, numerous layers, dozens of layers, hundreds of layers, layer after layer, each layer, every layer, multiple layers, through the layers
limit~: limit, limits, limited, limiting, restrict, restricts, cap, caps, bound, bounds, constrain, constrains, puts a limit, ceiling, stops us from, prevents us from
backward~: backward, backwards, back, backpropagate, backpropagated, backpropagating, propagate back, propagates back, propagated back, propagating back, go back, goes back, going back, flow back, flows back, flowing back, passed back, pass back, from output to input, output to input, from the output back, from the output, from the last layer, last layer to the first, in reverse, reverse, back through, backward pass, backwards pass, reverse mode, starting at the output, starting from the output, from the end | forward, forwards, from input to output, input to output, forward pass, forward direction, from the input to the output, from the first layer to the last, front to back
backprop: backpropagation, backprop, back propagation, back-propagation, backpropogation, backpropagate, back prop, bp, error backpropagation, backpropagation algorithm
bptt: backpropagation through time, backprop through time, back propagation through time, bptt, ordinary backpropagation, regular backpropagation, normal backpropagation, standard backpropagation
chain_rule: chain rule, chain-rule, chainrule, chain rule of calculus, chain rule of differentiation, chaining derivatives, chaining partial derivatives, chain of derivatives, chain of partial derivatives, chained derivatives, chaining, chain
composite: composite, composition, composed, nested, nested functions, function of a function, functions of functions, composite function
decompose~: decompose, decomposes, decomposed, decomposing, decomposition, break down, breaks down, broken down, break into, breaks into, broken into, split into, splits into, splits, split, express as, expresses as, expressed as, write as, writes as, written as, factorise, factorize, factorises, factorizes, factors, factor, pieces, contributions
local: layer by layer, one layer at a time, local, locally, local derivatives, local gradients, per layer, each layer, every layer, one per layer, per-layer
reuse~: reuse, reuses, reusing, reused, re-use, share, shares, shared, sharing, cache, caches, cached, store, stores, stored, intermediate results, intermediate values, once per layer, one pass, single pass, dynamic programming, memoise, memoize, without recomputing, computed once, saves work
compute~: compute, computes, computed, computing, computation, computations, calculate, calculates, calculated, calculating, calculation, calculations, work out, works out, find, finds, get, gets, obtain, obtains, derive, derives, evaluate, evaluates
efficiency_word: efficient, efficiently, efficiency, cheap, cheaply, fast, quickly, in one pass, one backward pass
# --- activations, remedies and deep learning
complex~: complex, complicated, intricate, sophisticated, rich, richer, nontrivial, non-trivial, arbitrary, curved, curvy, wiggly, highly nonlinear | simple, simpler, basic, trivial
relation: relationship, relationships, relation, relations, pattern, patterns, function, functions, mapping, mappings, map, maps, boundary, boundaries, dependency, dependencies, structure, structures, interactions, decision boundary, decision boundaries, shapes
collapse~: collapse, collapses, collapsed, collapsing, reduces to, reduce to, equivalent to, equivalent, same as, boils down to, no more than, nothing more than, just, only, merely, simply, a single linear, one big linear
stack: stack, stacked, stacking, composition, compose, composed, combination of, chain of, several, multiple
relu: relu, relus, rectified linear unit, rectified linear units, rectifier, leaky relu, leakyrelu, elu, gelu, prelu, selu, max(0, z), max(0,z)
sigmoid: sigmoid, sigmoids, logistic, logistic function, tanh, saturating activation, saturating activations, saturating
saturate~: saturate, saturates, saturated, saturating, saturation | nonsaturating, non-saturating, does not saturate, don't saturate
initialisation: initialisation, initialization, initialise, initialize, initialised, initialized, init, xavier, glorot, he init, he initialisation, he initialization, he-init, kaiming, weight init, weight initialisation, weight initialization, starting weights, initial weights, careful initialisation, careful initialization, good initialisation, good initialization, proper initialisation, proper initialization, variance-preserving
normalisation: normalisation, normalization, normalise, normalize, batch norm, batchnorm, batch normalisation, batch normalization, layer norm, layernorm, layer normalisation, layer normalization, normalisation layers, normalization layers, norm layers
residual: residual, residuals, residual connection, residual connections, skip connection, skip connections, shortcut, shortcuts, shortcut connections, resnet, resnets, identity shortcut, highway
gate: gate, gates, gated, gating, gating mechanism, gating mechanisms, gated units, lstm gates, gru, grus
ifo_gate: forget gate, forget gates, input gate, input gates, output gate, output gates, input forget and output gates, input, forget and output gates, input/forget/output, input-forget-output, update gate, reset gate
cell_state: cell state, cell states, memory cell, memory cells, cell memory, c_t, ct, conveyor belt, separate memory, cell
mitigate~: mitigate, mitigates, mitigated, mitigating, mitigation, alleviate, alleviates, help with, helps with, help, helps, combat, combats, counter, counters, address, addresses, tackle, tackles, fix, fixes, fixed, solve, solves, solved, handle, handles, cope with, copes with, deal with, deals with, suffer less, suffers less, less prone, remedy, remedies, cure, cures, keeps them flowing, keep gradients flowing, counteract, prevent the problem, reduce the problem
dropout: dropout, drop out, dropouts
regularisation: regularisation, regularization, regularise, regularize, regulariser, regularizer, regularising, regularizing
overfitting: overfitting, overfit, overfits, over-fitting, over fitting, overfitted, memorising noise, memorizing noise, fitting the noise, prone to overfitting
generalise~: generalise, generalize, generalises, generalizes, generalisation, generalization, generalising, generalizing, unseen data, new data, test data
robust~: robust, robustness, redundant, redundancy, redundantly, resilient, resilience, cope on their own, work even when, works even when, still work, distributed | fragile, brittle
rely~: rely, relies, relying, reliant, reliance, depend, depends, depending, dependent, dependence, count on, counts on, lean on, overly reliant, overreliant, indispensable, co-adapt, co-adaptation, coadaptation, co-adapting, coadapt, coadapting, co-adapted, co-adaptations, co adapt, co adaptation
feature: feature, features, representation, representations, detectors, patterns learned
fraction: fraction, proportion, percentage, share, portion, some, subset, part of
momentum: momentum
# --- CNNs
parameter_count: number of parameters, parameter count, number of weights, weight count, params count, parameters to learn, weights to learn, weights to store
memory: memory, storage, store, stores, ram, space, footprint, storing
convolution: convolution, convolutional, conv, convolve, convolves
filter: filter, filters, kernel, kernels, feature detector, feature detectors, convolution kernel
position: position, positions, positional, order, ordering, orders, word order, sequence order, token order, order of the words, order of words, order of tokens, order of the tokens, location, locations, where, place, places, spot, placement, which token came first, came first, position information, positional information, order information, ordering information, relative position, relative positions
region: region, regions, window, windows, patch, patches, neighbourhood, neighbourhoods, neighborhood, neighborhoods, area, areas, local area, block, blocks, part, parts, portion, portions, section, sections, subregion, local region, small region, nearby values, nearby, locally, local patch, local window, grid, chunk, chunks, pool region, pixels
summarise~: summarise, summarize, summarises, summarizes, summarised, summarized, summarising, summarizing, summary, summaries, aggregate, aggregates, aggregating, aggregated, condense, condenses, downsample, downsamples, downsampling, subsample, subsampling, merge, merges, combine, combines, combining, collapse into one, compress, compresses, reports, one value, single value
max: max, maximum, maxes, maxing, largest, biggest, strongest, highest, max pooling, max-pooling, maxpool, maxpooling, peak, top value
average: average, averages, averaging, averaged, mean, means, avg, average pooling, mean pooling
receptive_field: receptive field, receptive fields, rf
influence~: influence, influences, influenced, influencing, affect, affects, affected, affecting, impact, impacts, determine, determines, contribute, contributes, feed into, feeds into, depend on, depends on, depend, depends, dependent on, change its value, can change, drives, matter to, connected to, connects to, is connected to, looks at, look at, see, sees, can see, respond to, responds to
pooling: pooling, pool, pooling layer, pooling layers, max pooling, average pooling, subsampling, downsampling
translation_invariance: translation invariance, translation invariant, shift invariance, shift invariant, invariance to translation, invariant to translation, invariant to shifts, robust to shifts
# --- sequences
sequence: one by one, sequence, sequences, sequential, sequentially, time series, series, ordered data, text, sentence, sentences, one element at a time, one at a time, word by word, step by step over time, streams, stream, temporal, over time, through time, audio, speech, timesteps, time steps, time step
state: hidden state, hidden states, internal state, state, states, state vector, memory, h_t, ht, context vector, h, carries information, carry information, carrying information
timestep: prev, each time step, every time step, time step, time steps, timestep, timesteps, each step, every step, step to step, one step to the next, next step, previous time step, previous step, from one step to the next, each new input, every new input, at each position, each element, h_{t-1}, ht-1, h_t-1, over time, through time, across time, in time
recurrence: recurrence, recurrent, recurrent connection, recurrent connections, feedback, feed back, feeds back, fed back, feeding back, loop back, loops back, looped back, cycle back, recursive, recursion
remember~: remember, remembers, remembering, remembered, retain, retains, retained, keep track, keeps track, store, stores, stored, memorise, memorize, carry over, carries over, carried over, maintain, maintains, maintained, maintaining, preserve, preserves, preserved, hold, holds, holding, retain information | forget, forgets, forgetting, forgot, forgotten, erase, erases, reset, resets, wipe, wipes
long~: long, longer, long-term, longterm, long-range, longrange, long range, far back, distant, many time steps, many steps, over long sequences, long sequences, far apart, longer periods, long periods, long time | short, shorter, short-term, shortterm, short range, nearby steps, recent steps only
dependency: dependency, dependencies, dependence, relationships, relationship, context, connections, information, info, memory, things
lstm: lstm, lstms, long short-term memory, long short term memory
rnn: rnn, rnns, recurrent neural network, recurrent neural networks, recurrent network, recurrent networks, recurrent net, vanilla rnn, vanilla rnns, standard rnn, simple rnn, basic rnn, plain rnn
unroll~: unroll, unrolls, unrolled, unrolling, unfold, unfolds, unfolded, unfolding, lay out, lays out, laid out, expand, expands, expanded, expanding, copy per time step, one copy per time step, copies, copy, copied, replicate, replicates, replicated, duplicate | fold, folds, folded, folding, roll up, rolls up
feedforward~: feedforward, feed-forward, feed forward, acyclic, directed acyclic graph, dag, no loops, no cycles, without loops, without cycles, chain of copies, ordinary network, standard network, layered network, chain of layers | cyclic, loops, more recurrent
train~: train, trains, trained, training, trainable, learning, learn, learns, fit, optimise, optimize
# --- attention and transformers
attention: attention, attentions, attention mechanism, self-attention, selfattention, self attention, attention layer, attention layers, attend, attends
transformer: transformer, transformers, transformer model, transformer models, the model
focus~: focus, focuses, focused, focusing, focussing, concentrate, concentrates, concentrating, attend to, attends to, pay attention, pays attention, paying attention, emphasise, emphasize, emphasises, emphasizes, prioritise, prioritize, prioritises, prioritizes, highlight, highlights, zoom in, look at, looks at, pick out, picks out, select, selects, weigh, weighs, weighted more, weight them more, bigger weights, more weight, higher weight, higher weights, weight more heavily
relevant~: relevant, relevance, important, importance, useful, usefulness, matter, matters, matters most, salient, significant, informative, pertinent, key parts, what matters, most useful, most helpful, how relevant | irrelevant, unimportant, least relevant, least important, useless, least useful
part: part, parts, portion, portions, piece, pieces, token, tokens, word, words, element, elements, item, items, bits, sections
query: query, queries, q, query vector, query vectors
key: key, keys, k, key vector, key vectors
value: value, values, v, value vector, value vectors
qk: q·k, qk, qk^t, q k^t, q·kᵀ, q·k^t
compare~: compare, compares, compared, comparing, comparison, comparisons, match, matches, matched, matching, against, versus, score, scores, scored, scoring, similarity, similarities, similar, compatibility, how well, alignment, dot-product, dot product, dot products, dot, inner product, q·k, qk, qk^t, q k^t, q·kᵀ
softmax: softmax, soft max, soft-max, normalise, normalize, normalised, normalized, normalising, normalizing, probabilities, probability distribution, add to one, sum to one, add up to one, sums to 1, sum to 1, add up to 1
combine~: combine, combines, combined, combining, combination, mix, mixes, mixed, mixing, blend, blends, aggregate, aggregates, weighted sum, weighted average, average, averages, sum, sums, weighted mix, weighted combination, times, weights times
positional_encoding: positional encoding, positional encodings, position encoding, position encodings, positional embedding, positional embeddings, position embedding, position embeddings, position vectors, position vector, position signal, positional signal, sinusoidal encodings, sinusoids, sinusoidal, sine and cosine, sin and cos, encodings, encoding, pe
embedding: embedding, embeddings, word vectors, token vectors, word embedding, word embeddings, token embeddings, input embeddings
permutation: permutation, permutations, permute, permutes, permuting, permuted, shuffle, shuffles, shuffling, shuffled, reorder, reorders, reordering, swap, swaps, set, bag of words, bag of tokens, equivariant, equivariance, permutation equivariant, permutation invariant
parallel: parallel, in parallel, at once, all at once, simultaneously, at same time, concurrently, together
"""

# A concept implies the more general ones: a key point naming the general one is made by the specific one.
BROADER = {
    "relu": ("activation",), "sigmoid": ("activation",), "threshold": ("activation",),
    "max": ("summarise",), "average": ("summarise", "combine"), "weighted_sum": ("sum", "combine"),
    "hidden_layer": ("mlp", "layer"), "mlp": ("network",), "transformer": ("network",),
    "attention": ("network",), "lstm": ("rnn", "network"), "rnn": ("network",), "bptt": ("backprop",),
    "ifo_gate": ("gate",), "learn": ("update",), "local_minimum": ("minimum",), "global_minimum": ("minimum",),
    "layers_many": ("layer",), "pooling": ("summarise",), "max_pool": ("max",),
    "error_term": ("loss",), "cell_state": ("state",), "qk": ("compare", "query", "key"),
    "early_layers": ("layer",), "single_layer": ("perceptron",),
}

# Predicates beyond the concepts marked `~`: common verbs, auxiliaries and relations of plain English,
# so "It takes the max" reads as a statement and "query key value weights" as a list of terms.
VERBS = """is are was were be been being am has have had does do did can could will would may might must
shall should get gets got getting gives make makes made let lets means mean becomes become became takes take took
put puts uses used works work runs run happens happen occurs occur acts act allows allow enables enable
keeps keep goes go comes come says say shows show tries try looks look sees see finds find helps help
turns turn passes pass feeds feed sends send produces produce creates create builds build forces force
leads lead causes cause stays stay remains remain needs need wants want learns learn does doing processes
process handles handle maps map treats treat holds hold stores store reads read depends depend relies rely
sits sit lies lie lets adds add sets set computes compute decides decide picks pick gives given tells tell
balance balances reduce increase decrease shrink grow converge oscillate prevent provide supply calculate adjust
multiply combine compare learn train represent capture detect summarise summarize shift enable mitigate escape
overcome weigh attend separate classify minimise minimize maximise maximize approximate decompose propagate
strengthen weaken describe explain store remember forget use mix return generate produce apply drop remove
keep create start begin end flow follow match normalise normalize scale swap shuffle permute pick choose select
take build turns gets sees knows reaches reach
=  → -> ⇒ < > ≈ ∝ than""".split()
