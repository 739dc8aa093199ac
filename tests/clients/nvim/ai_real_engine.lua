-- Headless Neovim: an AI code action through the REAL engine tier (llama.cpp on a tiny
-- random-weight model, tests/real_engine), applied by Neovim itself. vim.lsp.buf.code_action()
-- → vim.ui.select picks "Add documentation" → codeAction/resolve (0.7 resolves edits) →
-- Neovim applies the workspace edit; the buffer is then checked line by line, and the
-- inserted comment must be exactly what the engine generated (its /debug/stats history).
-- The engine runs with --chat-grammar tests/clients/real_engine_answer.gbnf (see there).
-- Run by tests/clients/run.sh (kind nvim-ai-real), which starts the engine:
--   CC_BINARY=... CC_REAL_ENGINE_URL=http://127.0.0.1:N nvim --headless -u NONE -i NONE -n \
--     -c 'set rtp+=editors/nvim' -c 'luafile tests/clients/nvim/ai_real_engine.lua'
-- Exits 0 on success, 1 with the failing step on stderr otherwise. Every wait is bounded.
local binary = os.getenv('CC_BINARY')
local engine_url = os.getenv('CC_REAL_ENGINE_URL')
local this_dir = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
local h = dofile(this_dir .. '/harness.lua')
h.WAIT_MS = 30000  -- a CPU-only engine generates slowly
local log, check, wait_for, set_step = h.log, h.check, h.wait_for, h.set_step
local workdir = h.workdir
local fixture = this_dir .. '/../fixtures/sample.py'

-- The engine's latest chat answer (GET /debug/stats through node: Neovim 0.7 has no HTTP).
local function last_chat_answer()
  local script = 'fetch(process.argv[1] + "/debug/stats").then(r => r.text()).then(t => process.stdout.write(t))'
  local out = vim.fn.system({ 'node', '-e', script, engine_url })
  check(vim.v.shell_error == 0, 'GET /debug/stats failed: ' .. out)
  local stats = vim.fn.json_decode(out)
  local last
  for _, h in ipairs(stats.history) do
    if h.route == '/api/chat' or h.route == '/v1/chat/completions' then
      last = h
    end
  end
  check(last ~= nil, 'the engine served a chat generation: ' .. out)
  return last
end

local function run()
  check(binary and binary ~= '', 'CC_BINARY is not set')
  check(engine_url and engine_url ~= '', 'CC_REAL_ENGINE_URL is not set')
  vim.lsp.set_log_level(os.getenv('CC_NVIM_LOG') or 'WARN')
  vim.cmd('filetype on')

  set_step('setup with the real engine at ' .. engine_url)
  local cc = require('codecrucible')
  cc.setup({
    cmd = { binary, 'lsp', '--stdio' },
    settings = {
      diagnostics = { debounceMs = 0 },
      generation = {
        endpoints = {
          { name = 'real-ollama', kind = 'ollama', url = engine_url, tier = 'fast', model = 'tiny-random:latest' },
          { name = 'real-openai', kind = 'openai', url = engine_url .. '/v1', tier = 'quality', model = 'tiny-random:latest' },
        },
        cache = { enabled = false },
      },
    },
    flags = { debounce_text_changes = 0 },
  })

  set_step('open fixture and attach')
  vim.fn.mkdir(workdir, 'p')
  local path = workdir .. '/sample.py'
  vim.fn.writefile(vim.fn.readfile(fixture, 'b'), path, 'b')
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  local client
  wait_for('the client to attach and initialize', function()
    client = cc.client(bufnr)
    return client ~= nil and client.initialized == true
  end)
  wait_for('the health probe to find the engine', function()
    return cc.last_status ~= nil and cc.last_status.available == true
  end)

  local before = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local eval_line
  for i, l in ipairs(before) do
    if l:find('eval%(') then
      eval_line = i - 1
    end
  end
  check(eval_line ~= nil, 'the eval line in the fixture')

  set_step('"Add documentation" via vim.lsp.buf.code_action() → resolve → applied by Neovim')
  local offered, chosen = nil, nil
  vim.ui.select = function(items, _, on_choice)
    offered = {}
    for _, item in ipairs(items) do
      local a = item[2]
      table.insert(offered, a.title)
      if not chosen and type(a.data) == 'table' and a.data.action == 'document' and not a.disabled then
        check(a.edit == nil, 'listing made no model call: the edit comes in resolve')
        chosen = item
      end
    end
    on_choice(chosen)
  end
  vim.api.nvim_win_set_cursor(0, { eval_line + 1, 4 })
  vim.lsp.buf.code_action()
  wait_for('the code action menu', function()
    return offered ~= nil
  end)
  check(chosen ~= nil, 'an enabled "Add documentation" action among: ' .. vim.inspect(offered))
  wait_for('the real engine\'s edit in the buffer', function()
    return vim.api.nvim_buf_line_count(bufnr) == #before + 1
  end)

  set_step('the buffer holds the engine\'s comment above the unchanged eval line')
  local now = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  for i = 1, eval_line do
    check(now[i] == before[i], 'line ' .. i .. ' untouched: ' .. vim.inspect(now[i]))
  end
  local comment = now[eval_line + 1]
  check(comment:match('^    # [a-z]+[a-z ]*$') ~= nil, 'a comment line above the eval line: ' .. vim.inspect(now))
  for i = eval_line + 1, #before do
    check(now[i + 1] == before[i], 'line ' .. i .. ' moved down unchanged: ' .. vim.inspect(now[i + 1]))
  end
  local answer = last_chat_answer()
  check(answer.done_reason == 'stop', 'the engine finished its answer: ' .. vim.inspect(answer))
  check(answer.text:find('\n' .. comment .. '\n', 1, true) ~= nil,
    'the comment is the engine\'s own output: ' .. vim.inspect(answer.text) .. ' vs ' .. vim.inspect(comment))
  log('   inserted: ' .. comment)

  h.stop_server(client)
end

h.run(run, 'nvim AI action against the real engine')
