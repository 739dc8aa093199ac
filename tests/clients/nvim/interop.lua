-- Headless Neovim interop test for editors/nvim against the real server.
-- Run: CC_BINARY=/path/to/codecrucible nvim --headless -u NONE \
--        -c 'set rtp+=editors/nvim' -c 'luafile tests/clients/nvim/interop.lua'
-- Exits 0 on success, 1 with the failing step on stderr otherwise. Every wait is bounded.
local binary = os.getenv('CC_BINARY')
local this_dir = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
local h = dofile(this_dir .. '/harness.lua')
local log, check, wait_for, set_step = h.log, h.check, h.wait_for, h.set_step
local WAIT_MS = h.WAIT_MS
local workdir = h.workdir
local fixture = os.getenv('CC_FIXTURE') or (this_dir .. '/../fixtures/sample.py')
-- Path of tests/clients/fake_model_server.mjs: when set, the AI fix step runs against it.
local fake_model = os.getenv('CC_FAKE_MODEL')
local MARKER = 'fixed by the fake model'

local function run()
  check(binary and binary ~= '', 'CC_BINARY is not set')
  vim.lsp.set_log_level(os.getenv('CC_NVIM_LOG') or 'WARN')
  vim.cmd('filetype on')

  local settings = { diagnostics = { debounceMs = 0 } }
  if fake_model then
    set_step('start the fake model server')
    local port
    local model_job = vim.fn.jobstart({ 'node', fake_model }, {
      on_stdout = function(_, data)
        for _, line in ipairs(data) do
          local ok, decoded = pcall(vim.fn.json_decode, line)
          if ok and type(decoded) == 'table' and decoded.port then
            port = decoded.port
          end
        end
      end,
    })
    check(model_job > 0, 'node could not be started for the fake model server')
    h.on_exit(function()
      vim.fn.jobstop(model_job)
    end)
    wait_for('the fake model server port', function()
      return port ~= nil
    end)
    local url = 'http://127.0.0.1:' .. port
    settings.generation = {
      endpoints = {
        { name = 'fake-fast', kind = 'ollama', url = url, tier = 'fast', model = 'fake-coder' },
        { name = 'fake-quality', kind = 'openai', url = url .. '/v1', tier = 'quality', model = 'fake-coder' },
      },
      cache = { enabled = false },
    }
  end

  set_step('setup')
  local status_events = 0
  vim.api.nvim_create_autocmd('User', {
    pattern = 'CodeCrucibleStatus',
    callback = function()
      status_events = status_events + 1
    end,
  })
  local cc = require('codecrucible')
  cc.setup({
    cmd = { binary, 'lsp', '--stdio' },
    settings = settings,
    flags = { debounce_text_changes = 0 },
  })
  for _, name in ipairs({ 'CodeCrucibleAnalyze', 'CodeCrucibleAsk', 'CodeCrucibleDoctor' }) do
    check(vim.fn.exists(':' .. name) == 2, ':' .. name .. ' is defined')
  end

  set_step('open fixture and attach')
  vim.fn.mkdir(workdir, 'p')
  local path = workdir .. '/sample.py'
  vim.fn.writefile(vim.fn.readfile(fixture, 'b'), path, 'b')
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  check(vim.bo[bufnr].filetype == 'python', 'filetype detected as python, got ' .. vim.bo[bufnr].filetype)
  local client
  wait_for('the client to attach and initialize', function()
    client = cc.client(bufnr)
    return client ~= nil and client.initialized == true
  end)
  local caps = client.server_capabilities or client.resolved_capabilities
  check(client.server_capabilities.codeActionProvider ~= nil, 'server advertises codeActionProvider')

  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local eval_line, secret_line
  for i, l in ipairs(lines) do
    if l:find('eval%(') then
      eval_line = i - 1
    end
    if l:find('password = ') then
      secret_line = i - 1
    end
  end
  check(caps ~= nil and eval_line and secret_line, 'fixture lines found')

  local function sync()
    local res, err = cc.client_call(client, 'request_sync', 'codecrucible/sync', vim.NIL, WAIT_MS, bufnr)
    check(res and not res.err, 'codecrucible/sync failed: ' .. vim.inspect(err or (res and res.err)))
  end
  local function diagnostic_on(line)
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.lnum == line and d.source == 'codecrucible' then
        return d
      end
    end
    return nil
  end

  set_step('diagnostics after open')
  sync()
  wait_for('a diagnostic on the eval line ' .. eval_line, function()
    return diagnostic_on(eval_line) ~= nil
  end)
  wait_for('a diagnostic on the password line ' .. secret_line, function()
    return diagnostic_on(secret_line) ~= nil
  end)

  set_step('incremental edit')
  vim.api.nvim_buf_set_lines(bufnr, 0, 0, false, { '# edited by the nvim interop test' })
  sync()
  wait_for('the eval diagnostic to move to line ' .. (eval_line + 1), function()
    return diagnostic_on(eval_line + 1) ~= nil and diagnostic_on(eval_line) == nil
  end)

  set_step('code actions')
  -- Build the request the way vim.lsp.buf.code_action() does on 0.7: cursor range plus the
  -- line's diagnostics converted back from vim.diagnostic (byte columns, data preserved).
  vim.api.nvim_win_set_cursor(0, { eval_line + 2, 11 })
  local line_diags = vim.lsp.diagnostic.get_line_diagnostics(bufnr)
  check(#line_diags > 0, 'line diagnostics for the cursor line')
  local params = vim.lsp.util.make_range_params()
  params.context = { diagnostics = line_diags }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, WAIT_MS)
  local response = responses and responses[client.id]
  check(response ~= nil, 'a codeAction response')
  check(response.err == nil, 'codeAction error: ' .. vim.inspect(response.err))
  local actions = response.result
  check(type(actions) == 'table' and #actions > 0, 'code actions for the eval diagnostic: ' .. vim.inspect(actions))
  for _, a in ipairs(actions) do
    check(type(a.title) == 'string', 'every action has a title')
  end

  if fake_model then
    -- The 0.7 path end to end: vim.lsp.buf.code_action() → vim.ui.select → codeAction/resolve
    -- (0.7 advertises resolveSupport for edit) → apply_workspace_edit.
    set_step('AI fix via vim.lsp.buf.code_action() applies the model edit')
    local offered, chosen = nil, nil
    vim.ui.select = function(items, _, on_choice)
      offered = {}
      for _, item in ipairs(items) do
        local a = item[2]
        table.insert(offered, a.title)
        local data = type(a.data) == 'table' and a.data or nil
        if not chosen and data and type(data.action) == 'string' and not a.disabled
            and (a.kind or ''):find('^quickfix') and (data.action .. ' ' .. a.title):lower():find('fix') then
          chosen = item
        end
      end
      on_choice(chosen)
    end
    vim.api.nvim_win_set_cursor(0, { eval_line + 2, 11 })
    vim.lsp.buf.code_action()
    wait_for('the code action menu', function()
      return offered ~= nil
    end)
    check(chosen ~= nil, 'an enabled AI quickfix among: ' .. vim.inspect(offered))
    wait_for('the AI edit in the buffer', function()
      return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n'):find(MARKER, 1, true) ~= nil
    end)
  end

  set_step(':CodeCrucibleDoctor')
  cc.last_result = nil
  vim.cmd('CodeCrucibleDoctor')
  wait_for('the doctor command to answer', function()
    return cc.last_result ~= nil
  end)
  check(cc.last_result.err == nil, 'doctor failed: ' .. vim.inspect(cc.last_result.err))
  local shown = vim.api.nvim_buf_get_lines(0, 0, 1, false)[1]
  check(shown == '# Doctor', 'doctor result shown in a scratch buffer, got: ' .. tostring(shown))
  vim.cmd('close')

  set_step(':CodeCrucibleAnalyze')
  cc.last_result = nil
  vim.cmd('CodeCrucibleAnalyze')
  wait_for('the analyze command to answer', function()
    return cc.last_result ~= nil
  end)
  check(cc.last_result.err == nil, 'analyze failed: ' .. vim.inspect(cc.last_result.err))
  check(vim.api.nvim_buf_get_lines(0, 0, 1, false)[1] == '# Analyze Workspace', 'analysis report shown')
  vim.cmd('close')

  set_step('codecrucible/status')
  wait_for('a codecrucible/status notification', function()
    return cc.last_status ~= nil
  end)
  check(type(cc.last_status.backends) == 'table', 'status.backends is a list')
  check(cc.statusline() ~= '', 'statusline text')
  check(status_events > 0, 'the User CodeCrucibleStatus autocmd fired')

  set_step(':checkhealth codecrucible')
  vim.cmd('checkhealth codecrucible')
  local report = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  check(report:find('codecrucible: server', 1, true), 'health report has the server section:\n' .. report)
  check(not report:find('ERROR', 1, true), 'health report without errors:\n' .. report)
  vim.cmd('tabclose')

  h.stop_server(client)
end

h.run(run, 'nvim interop' .. (fake_model and ' (with AI fix)' or ''))
