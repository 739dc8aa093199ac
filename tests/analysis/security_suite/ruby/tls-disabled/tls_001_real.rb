# cc-suite: cwe=295 real
class ItemsController < ApplicationController
  def show
    param = params[:q].to_s
    http = Net::HTTP.new('api.example.com', 443)
    http.use_ssl = true
    http.verify_mode = OpenSSL::SSL::VERIFY_NONE
    render plain: http.get('/?q=' + param).body
  end
end
