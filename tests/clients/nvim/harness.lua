-- What the headless Neovim tests share: named steps, bounded waits that notice a server that
-- died, the shutdown sequence, and one exit path (0 on success; 1 with the failing step and
-- the tail of the LSP log on stderr otherwise).
-- Use: local h = dofile(this_dir .. '/harness.lua') … h.run(function() … end, 'PASS message')
local M = { WAIT_MS = 20000, workdir = vim.fn.tempname() }

local step = 'startup'
local expect_exit = false
local cleanups = {}

function M.log(msg)
  io.stdout:write(msg .. '\n')
end

function M.check(cond, msg)
  if not cond then
    error(msg, 0)
  end
end

function M.set_step(name)
  step = name
  M.log('-- ' .. name)
end

-- `fn` runs when the test ends, passed or failed (e.g. stopping a helper process).
function M.on_exit(fn)
  table.insert(cleanups, fn)
end

-- Bounded wait; a server that dies meanwhile fails the wait at once.
function M.wait_for(what, predicate, ms)
  local cc = require('codecrucible')
  local died = false
  local ok = vim.wait(ms or M.WAIT_MS, function()
    if not expect_exit and cc.last_exit ~= nil then
      died = true
      return true
    end
    return predicate()
  end, 20)
  M.check(not died, string.format('server exited (code %s, signal %s) while waiting for %s',
    tostring(cc.last_exit and cc.last_exit.code), tostring(cc.last_exit and cc.last_exit.signal), what))
  M.check(ok, 'timed out waiting for ' .. what)
end

-- shutdown + exit through the client; the server must exit 0.
function M.stop_server(client)
  M.set_step('stop: shutdown + exit, server exits 0')
  local cc = require('codecrucible')
  expect_exit = true
  cc.last_exit = nil
  cc.client_call(client, 'stop')
  M.wait_for('the server process to exit', function()
    return cc.last_exit ~= nil
  end, 5000)
  M.check(cc.last_exit.code == 0,
    'server exit code ' .. tostring(cc.last_exit.code) .. ', signal ' .. tostring(cc.last_exit.signal))
end

local function clean_up()
  vim.fn.delete(M.workdir, 'rf')
  for _, fn in ipairs(cleanups) do
    pcall(fn)
  end
end

-- Runs `test` and quits Neovim with its verdict.
function M.run(test, pass_message)
  local ok, err = pcall(test)
  if ok then
    M.log('PASS ' .. pass_message)
    clean_up()
    vim.cmd('qall!')
    return
  end
  io.stderr:write(string.format('FAIL at step "%s": %s\n', step, tostring(err)))
  local logfile = vim.lsp.get_log_path()
  if vim.fn.filereadable(logfile) == 1 then
    local lines = vim.fn.readfile(logfile)
    io.stderr:write('--- lsp.log (last 30 lines) ---\n' .. table.concat(vim.list_slice(lines, math.max(1, #lines - 29)), '\n') .. '\n')
  end
  clean_up()
  vim.cmd('cquit 1')
end

return M
