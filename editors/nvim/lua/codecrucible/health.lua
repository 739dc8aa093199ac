-- :checkhealth codecrucible. Uses vim.health (0.10+) or the `health` module (0.7-0.9).
local M = {}

local function reporter()
  local h = vim.health or require('health')
  return {
    start = h.start or h.report_start,
    ok = h.ok or h.report_ok,
    info = h.info or h.report_info,
    warn = h.warn or h.report_warn,
    error = h.error or h.report_error,
  }
end

function M.check()
  local report = reporter()
  local cc = require('codecrucible')

  report.start('codecrucible: Neovim')
  if vim.fn.has('nvim-0.7') == 1 then
    local v = vim.version()
    report.ok(string.format('Neovim %d.%d.%d', v.major, v.minor, v.patch))
  else
    report.error('Neovim 0.7 or newer is required')
  end
  if vim.fn.has('nvim-0.10') == 0 then
    report.info('Before 0.10: no pull diagnostics, no LspProgress event (progress is shown from LspProgressUpdate)')
  end

  report.start('codecrucible: server')
  local exe = cc.config.cmd[1]
  if vim.fn.executable(exe) == 1 then
    local path = vim.fn.exepath(exe)
    local version = vim.fn.systemlist({ exe, '--version' })
    if vim.v.shell_error == 0 and version[1] then
      report.ok(string.format('%s: %s', path ~= '' and path or exe, version[1]))
    else
      report.warn(string.format('%s --version failed: %s', exe, table.concat(version, ' ')))
    end
  else
    report.error(string.format("'%s' is not executable", exe), {
      'Install codecrucible (cmake --install <build dir>) or put it on PATH',
      "Or point to it: require('codecrucible').setup({ cmd = { '/path/to/codecrucible', 'lsp', '--stdio' } })",
    })
  end

  report.start('codecrucible: client')
  local client = cc.client()
  if client then
    report.ok(string.format('running (id %d, root %s)', client.id, client.config.root_dir or '?'))
  else
    report.info('not running: open a file of a configured filetype (' .. table.concat(cc.config.filetypes, ', ') .. ')')
  end
  if cc.last_exit and cc.last_exit.code ~= 0 then
    report.warn(string.format('the last server process exited with code %s', tostring(cc.last_exit.code)))
  end

  report.start('codecrucible: model servers')
  local status = cc.last_status
  if not status then
    report.info('no codecrucible/status received yet')
    return
  end
  local backends = status.backends or {}
  if #backends == 0 then
    report.warn('no model server configured: static analysis only', {
      'Start Ollama (ollama serve) or LM Studio, or set settings.generation.endpoints',
      'Run :CodeCrucibleDoctor for details',
    })
  end
  for _, b in ipairs(backends) do
    local line = string.format('%s (%s, %s) %s', b.name or '?', b.kind or '?', b.tier or '?', b.url or '')
    if b.healthy then
      report.ok(line)
    else
      report.warn(line .. ' is down' .. (b.breaker and (', breaker ' .. b.breaker) or ''))
    end
  end
  if status.summary then
    report.info(status.summary)
  end
end

return M
