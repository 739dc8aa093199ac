-- CodeCrucible for Neovim: starts `codecrucible lsp` for the configured filetypes and adds
-- user commands for the server's custom features.
-- Works on Neovim 0.7 (vim.lsp.start_client + FileType autocmd + buf_attach_client),
-- 0.8+ (vim.lsp.start) and 0.11+ (vim.lsp.config / vim.lsp.enable).
local M = {}

M.name = 'codecrucible'

local defaults = {
  -- Command that starts the server; the first word may be a path.
  cmd = { 'codecrucible', 'lsp', '--stdio' },
  filetypes = {
    'c', 'cpp', 'cs', 'go', 'java', 'javascript', 'javascriptreact', 'kotlin', 'lua', 'php',
    'python', 'ruby', 'rust', 'sh', 'swift', 'typescript', 'typescriptreact',
  },
  -- The first directory upwards holding one of these is the workspace root.
  root_markers = { '.codecrucible.json', '.git' },
  -- The `codecrucible` settings section (see server/settings.schema.json), sent as
  -- initializationOptions and answered to workspace/configuration.
  settings = {},
  -- Show $/progress (AI actions, workspace analysis) in the message area.
  progress = true,
  -- Council preset used by :CodeCrucibleAsk when none is given.
  council_preset = 'default',
  -- Passed through to the client.
  on_attach = nil,
  capabilities = nil,
  flags = { debounce_text_changes = 80 },
}

M.config = vim.deepcopy(defaults)
M.last_status = nil -- latest codecrucible/status params
M.last_exit = nil -- {code, signal} of the last server process that exited
M.last_result = nil -- {command, result, err} of the last :CodeCrucible* command

local augroup = nil
local uv = vim.uv or vim.loop

-- Client methods are closures called with `.` before 0.11 and methods called with `:` since.
local colon_methods = vim.fn.has('nvim-0.11') == 1
local function client_call(client, method, ...)
  if colon_methods then
    return client[method](client, ...)
  end
  return client[method](...)
end

local function get_clients(bufnr)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients(bufnr and { bufnr = bufnr } or nil)
  end
  return bufnr and vim.lsp.buf_get_clients(bufnr) or vim.lsp.get_active_clients()
end

local function notify(message, level)
  vim.notify('[codecrucible] ' .. message, level or vim.log.levels.INFO)
end

-- Directory of the buffer's file, or cwd for unnamed buffers.
local function buffer_dir(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' then
    return uv.cwd()
  end
  return vim.fn.fnamemodify(name, ':p:h')
end

function M.find_root(bufnr)
  local dir = buffer_dir(bufnr)
  local found = vim.fn.findfile('.codecrucible.json', dir .. ';')
  if found ~= '' then
    return vim.fn.fnamemodify(found, ':p:h')
  end
  for _, marker in ipairs(M.config.root_markers) do
    local match = vim.fn.finddir(marker, dir .. ';')
    if match == '' then
      match = vim.fn.findfile(marker, dir .. ';')
    end
    if match ~= '' then
      return vim.fn.fnamemodify(match, ':p:h:h')
    end
  end
  return dir
end

-- The running client (optionally the one attached to bufnr).
function M.client(bufnr)
  for _, client in pairs(get_clients(bufnr)) do
    if client.name == M.name and not client_call(client, 'is_stopped') then
      return client
    end
  end
  return nil
end

local function on_status(_, params)
  M.last_status = params
  vim.api.nvim_exec_autocmds('User', { pattern = 'CodeCrucibleStatus', modeline = false })
end

-- Short text for a statusline: "CC 1/2" (healthy/total backends), "CC static" or "CC AI off".
function M.statusline()
  local status = M.last_status
  if not status then
    return ''
  end
  if status.enabled == false then
    return 'CC AI off'
  end
  local total, healthy = 0, 0
  for _, backend in ipairs(status.backends or {}) do
    total = total + 1
    if backend.healthy then
      healthy = healthy + 1
    end
  end
  if total == 0 then
    return 'CC static'
  end
  return string.format('CC %d/%d', healthy, total)
end

local function client_config(root_dir)
  local cfg = M.config
  local capabilities = cfg.capabilities or vim.lsp.protocol.make_client_capabilities()
  return {
    name = M.name,
    cmd = cfg.cmd,
    root_dir = root_dir,
    workspace_folders = root_dir and { { uri = vim.uri_from_fname(root_dir), name = root_dir } } or nil,
    init_options = cfg.settings,
    settings = { codecrucible = cfg.settings },
    capabilities = capabilities,
    flags = cfg.flags,
    handlers = { ['codecrucible/status'] = on_status },
    on_attach = cfg.on_attach,
    -- Before 0.10 the core neither sends the settings after initialize nor advertises
    -- workspace/configuration; push them once, as nvim-lspconfig does.
    on_init = function(client)
      if vim.fn.has('nvim-0.10') == 0 and next(cfg.settings) ~= nil then
        client_call(client, 'notify', 'workspace/didChangeConfiguration', { settings = { codecrucible = cfg.settings } })
      end
    end,
    on_exit = function(code, signal)
      M.last_exit = { code = code, signal = signal }
      if code ~= 0 and code ~= nil then
        vim.schedule(function()
          notify(string.format('server exited with code %d (see :LspLog)', code), vim.log.levels.WARN)
        end)
      end
    end,
  }
end

-- Neovim 0.7: one client per root directory, attached to each matching buffer.
local clients_by_root = {}

local function start_legacy(bufnr, config)
  local id = clients_by_root[config.root_dir]
  if id and (not vim.lsp.get_client_by_id(id) or vim.lsp.client_is_stopped(id)) then
    id = nil
  end
  if not id then
    id = vim.lsp.start_client(config)
    if not id then
      notify('could not start ' .. table.concat(config.cmd, ' '), vim.log.levels.ERROR)
      return nil
    end
    clients_by_root[config.root_dir] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

-- Starts (or reuses) the client for a buffer. Returns the client id.
function M.start(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if vim.fn.executable(M.config.cmd[1]) ~= 1 then
    notify(string.format("'%s' is not executable. Install codecrucible or set cmd in require('codecrucible').setup{}", M.config.cmd[1]),
      vim.log.levels.ERROR)
    return nil
  end
  local config = client_config(M.find_root(bufnr))
  if vim.lsp.start then
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  return start_legacy(bufnr, config)
end

-- Progress: LspProgress (0.10+) or the User LspProgressUpdate autocmd (0.7-0.9).
local function setup_progress()
  if not M.config.progress then
    return
  end
  local function echo(text)
    vim.api.nvim_echo({ { '[codecrucible] ' .. text } }, false, {})
  end
  if vim.fn.exists('##LspProgress') == 1 then
    vim.api.nvim_create_autocmd('LspProgress', {
      group = augroup,
      callback = function(ev)
        local client = vim.lsp.get_client_by_id(ev.data and ev.data.client_id or -1)
        local value = ev.data and ev.data.params and ev.data.params.value
        if client and client.name == M.name and type(value) == 'table' then
          local pct = value.percentage and string.format(' %d%%', value.percentage) or ''
          echo(string.format('%s%s %s', value.title or '', pct, value.message or (value.kind == 'end' and 'done' or '')))
        end
      end,
    })
  else
    vim.api.nvim_create_autocmd('User', {
      group = augroup,
      pattern = 'LspProgressUpdate',
      callback = function()
        for _, msg in ipairs(vim.lsp.util.get_progress_messages()) do
          if msg.name == M.name and msg.title then
            local pct = msg.percentage and string.format(' %d%%', msg.percentage) or ''
            echo(string.format('%s%s %s', msg.title, pct, msg.message or (msg.done and 'done' or '')))
          end
        end
      end,
    })
  end
end

-- Markdown lines for a command result (string, {markdown|text|report}, or data).
function M.render_result(title, result)
  local lines = { '# ' .. title, '' }
  local body
  if result == nil or result == vim.NIL then
    body = 'Done (the server returned no details).'
  elseif type(result) == 'string' then
    body = result
  elseif type(result) == 'table' then
    body = result.markdown or result.text or result.report
    if type(body) ~= 'string' then
      body = (type(result.summary) == 'string' and (result.summary .. '\n\n') or '')
        .. '```json\n' .. vim.fn.json_encode(result) .. '\n```'
    end
  else
    body = tostring(result)
  end
  vim.list_extend(lines, vim.split(body, '\n', { plain = true }))
  return lines
end

local function show_scratch(title, lines)
  vim.cmd('botright new')
  local buf = vim.api.nvim_get_current_buf()
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.bo[buf].buftype = 'nofile'
  vim.bo[buf].bufhidden = 'wipe'
  vim.bo[buf].swapfile = false
  vim.bo[buf].filetype = 'markdown'
  vim.bo[buf].modifiable = false
  pcall(vim.api.nvim_buf_set_name, buf, 'codecrucible://' .. title:gsub('%s+', '-'):lower())
  return buf
end

-- Sends workspace/executeCommand; shows the result in a scratch buffer unless opts.silent.
-- callback(err, result) is optional.
function M.execute(command, arguments, opts, callback)
  opts = opts or {}
  local client = M.client()
  if not client then
    notify('the server is not running (open a supported file first)', vim.log.levels.ERROR)
    return false
  end
  local title = opts.title or command
  client_call(client, 'request', 'workspace/executeCommand', { command = command, arguments = arguments or {} }, function(err, result)
    M.last_result = { command = command, result = result, err = err }
    if err then
      notify(string.format('%s failed: %s', title, err.message or vim.inspect(err)), vim.log.levels.ERROR)
    elseif not opts.silent then
      show_scratch(title, M.render_result(title, result))
      if type(result) == 'table' and type(result.summary) == 'string' then
        notify(result.summary)
      end
    end
    if callback then
      callback(err, result)
    end
  end, opts.bufnr or vim.api.nvim_get_current_buf())
  return true
end

function M.analyze_workspace()
  local client = M.client()
  local root = client and client.config.root_dir or uv.cwd()
  M.client_call = client_call
return M.execute('codecrucible.analyzeWorkspace', { { rootUris = { vim.uri_from_fname(root) } } },
    { title = 'Analyze Workspace' })
end

function M.doctor()
  M.client_call = client_call
return M.execute('codecrucible.doctor', {}, { title = 'Doctor' })
end

-- Asks the council; line1/line2 (1-based, inclusive) give the range sent along.
function M.ask(question, preset, line1, line2)
  local function send(q)
    if not q or q == '' then
      return
    end
    local bufnr = vim.api.nvim_get_current_buf()
    local argument = { question = q, preset = preset or M.config.council_preset }
    if vim.api.nvim_buf_get_name(bufnr) ~= '' then
      argument.uri = vim.uri_from_bufnr(bufnr)
      argument.version = vim.lsp.util.buf_versions and vim.lsp.util.buf_versions[bufnr] or nil
      if line1 and line2 then
        local last = vim.api.nvim_buf_get_lines(bufnr, line2 - 1, line2, false)[1] or ''
        argument.range = { start = { line = line1 - 1, character = 0 }, ['end'] = { line = line2 - 1, character = #last } }
      end
    end
    M.execute('codecrucible.askCouncil', { argument }, { title = 'Ask the Council', bufnr = bufnr })
  end
  if question and question ~= '' then
    send(question)
  else
    vim.ui.input({ prompt = 'Ask the council: ' }, send)
  end
end

local function create_commands()
  local cmd = vim.api.nvim_create_user_command
  cmd('CodeCrucibleAnalyze', function()
    M.analyze_workspace()
  end, { desc = 'CodeCrucible: analyze the workspace' })
  cmd('CodeCrucibleDoctor', function()
    M.doctor()
  end, { desc = 'CodeCrucible: check model servers and configuration' })
  cmd('CodeCrucibleAsk', function(args)
    local line1, line2
    if args.range and args.range > 0 then
      line1, line2 = args.line1, args.line2
    end
    M.ask(args.args, nil, line1, line2)
  end, { nargs = '*', range = true, desc = 'CodeCrucible: ask the council (with the range)' })
  cmd('CodeCrucibleStatus', function()
    local status = M.last_status
    if not status then
      notify('no status from the server yet')
      return
    end
    notify(string.format('%s (%s)', status.summary or '', M.statusline()))
  end, { desc = 'CodeCrucible: show model server health' })
  cmd('CodeCrucibleRestart', function()
    local client = M.client()
    local buffers = {}
    if client and client.attached_buffers then
      buffers = vim.tbl_keys(client.attached_buffers)
    elseif client then
      buffers = vim.lsp.get_buffers_by_client_id(client.id)
    end
    if client then
      client_call(client, 'stop')
    end
    vim.wait(3000, function()
      return client == nil or client_call(client, 'is_stopped')
    end, 50)
    clients_by_root = {}
    for _, b in ipairs(buffers) do
      M.start(b)
    end
  end, { desc = 'CodeCrucible: restart the server' })
end

local function filetype_enabled(ft)
  return vim.tbl_contains(M.config.filetypes, ft)
end

function M.setup(opts)
  M.config = vim.tbl_deep_extend('force', vim.deepcopy(defaults), opts or {})
  if opts and opts.filetypes then
    M.config.filetypes = opts.filetypes -- lists replace, never merge
  end
  if opts and opts.cmd then
    M.config.cmd = opts.cmd
  end
  augroup = vim.api.nvim_create_augroup('codecrucible', { clear = true })
  create_commands()
  setup_progress()

  if type(vim.lsp.config) ~= 'nil' and vim.lsp.enable then
    -- Neovim 0.11+: declare the config and let the core attach it.
    local cfg = client_config(nil)
    cfg.root_dir = nil
    cfg.workspace_folders = nil
    cfg.filetypes = M.config.filetypes
    cfg.root_markers = M.config.root_markers
    vim.lsp.config(M.name, cfg)
    vim.lsp.enable(M.name)
    return
  end

  vim.api.nvim_create_autocmd('FileType', {
    group = augroup,
    pattern = M.config.filetypes,
    callback = function(ev)
      M.start(ev.buf)
    end,
  })
  -- Buffers opened before setup() ran.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and filetype_enabled(vim.bo[bufnr].filetype) then
      M.start(bufnr)
    end
  end
end

M.client_call = client_call
return M
