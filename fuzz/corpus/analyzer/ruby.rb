x = "interp #{y + "inner #{z}"}" # comment
system("ls #{params[:dir]}"); w = %w[a b c]; r = /re#{x}/i
s = <<~HEREDOC
  body #{x}
HEREDOC
=begin
block comment
=end
