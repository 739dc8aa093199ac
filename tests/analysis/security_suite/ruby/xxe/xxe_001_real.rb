# cc-suite: cwe=611 real
class ItemsController < ApplicationController
  def show
    param = params[:q].to_s
    doc = Nokogiri::XML(param) { |config| config.noent }
    render plain: doc.root.name
  end
end
